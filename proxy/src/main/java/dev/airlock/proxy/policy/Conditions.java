package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.RefUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Compiles a {@link RuleCondition} into checks: those on request facts, which cost a few loads
 * and usually fail (most requests carry no findings and no push), and those on the body, which
 * may scan it. Rules run the fact checks before even their match globs, and the body checks last.
 */
final class Conditions {
  private Conditions() {}

  /**
   * When data_class_any names classes only: the bits of those classes, one of which must have been
   * found; else 0. Rules test this first: it is one AND, and most requests carry no findings.
   * Detector ids stay a condition on the findings, which nothing forces to agree with their class.
   */
  static int classMask(RuleCondition c) {
    int mask = 0;
    for (String entry : c.dataClassAny()) {
      if (entry.indexOf('.') >= 0) {
        return 0;
      }
      mask |= 1 << DataClass.valueOf(entry).ordinal();
    }
    return mask;
  }

  /**
   * Checks on the request facts only, cheapest first, except the class mask of {@link
   * #classMask}, which they rely on being tested before them.
   */
  static Condition[] compileFacts(RuleCondition c) {
    List<Condition> out = new ArrayList<>();
    for (Condition condition : new Condition[] {externalPrincipal(c), detectors(c), gitRefs(c)}) {
      if (condition != null) {
        out.add(condition);
      }
    }
    for (Observed o : observed(c)) {
      out.add(o.check());
    }
    return out.toArray(new Condition[0]);
  }

  /**
   * A check on what was observed around the request or derived from it (risk, trust, time).
   *
   * @param fact what a replayed trace may lack for the check to be evaluated, or null when a
   *     trace always has it (its time)
   */
  record Observed(Condition check, MissingFact fact) {}

  /** The checks on observations, risk, trust and time, cheapest first. */
  static Observed[] observed(RuleCondition c) {
    List<Observed> out = new ArrayList<>();
    if (c.newDestination() != null) {
      boolean expected = c.newDestination();
      out.add(new Observed(ev -> ev.facts.observations().newDestination() == expected, MissingFact.NEW_DESTINATION));
    }
    if (c.threatIntel() != null) {
      boolean expected = c.threatIntel();
      out.add(new Observed(ev -> ev.facts.observations().threatIntel() == expected, MissingFact.THREAT_INTEL));
    }
    if (c.readThenWrite() != null) {
      boolean expected = c.readThenWrite();
      out.add(new Observed(ev -> ev.facts.observations().readThenWrite() == expected, MissingFact.READ_THEN_WRITE));
    }
    if (c.trustBelow() != null) {
      double bound = c.trustBelow();
      out.add(new Observed(ev -> ev.ctx.trust() < bound, MissingFact.TRUST));
    }
    if (c.riskAtLeast() != null) {
      double bound = c.riskAtLeast();
      out.add(new Observed(ev -> ev.risk >= bound, MissingFact.RISK));
    }
    if (c.timeWindow() != null) {
      TimeWindow window = c.timeWindow();
      out.add(new Observed(ev -> {
        java.time.Instant time = ev.facts.observations().time();
        return time != null && window.contains(time);
      }, null));
    }
    return out.toArray(new Observed[0]);
  }

  /** The external-principal check, or null when the condition does not ask. */
  static Condition externalPrincipal(RuleCondition c) {
    if (c.externalPrincipal() == null) {
      return null;
    }
    boolean expected = c.externalPrincipal();
    return ev -> ev.facts.externalPrincipal() == expected;
  }

  /**
   * The data_class_any check when it names detector ids, else null: named classes alone are
   * checked by the rule's class mask; detector ids need the findings.
   */
  static Condition detectors(RuleCondition c) {
    return c.dataClassAny().stream().anyMatch(entry -> entry.indexOf('.') >= 0)
        ? dataClassAny(c.dataClassAny())
        : null;
  }

  /** The check on a push's ref updates, or null when the condition names no git field. */
  static Condition gitRefs(RuleCondition c) {
    return c.hasGitConditions() ? new GitRefs(c) : null;
  }

  /**
   * Checks on the body: keywords before regexes, so a regex runs only once the scan has passed.
   *
   * @param body numbers the body terms and regexes shared by all rules of the snapshot
   */
  static Condition[] compileBody(RuleCondition c, BodyIndex.Builder body) {
    List<Condition> out = new ArrayList<>();
    if (!c.bodyContainsAny().isEmpty()) {
      int[] terms = c.bodyContainsAny().stream().mapToInt(body::term).toArray();
      out.add(ev -> containsAny(ev.body(), terms));
    }
    if (!c.bodyContainsAll().isEmpty()) {
      int[] terms = c.bodyContainsAll().stream().mapToInt(body::term).toArray();
      out.add(ev -> containsAll(ev.body(), terms));
    }
    if (!c.bodyMatches().isEmpty()) {
      int[] regexes = c.bodyMatches().stream().mapToInt(body::regex).toArray();
      out.add(ev -> findsAny(ev.body(), regexes));
    }
    return out.toArray(new Condition[0]);
  }

  /** Ids of every body term the compiled conditions may look up, regex literals included. */
  static int[] bodyTerms(RuleCondition c, BodyIndex.Builder body) {
    IntStream direct =
        Stream.concat(c.bodyContainsAny().stream(), c.bodyContainsAll().stream()).mapToInt(body::term);
    IntStream literals =
        c.bodyMatches().stream().flatMapToInt(p -> IntStream.of(body.regexTerms(body.regex(p))));
    return IntStream.concat(direct, literals).distinct().toArray();
  }

  private static Condition dataClassAny(List<String> entries) {
    int mask = 0;
    List<String> detectors = new ArrayList<>();
    for (String entry : entries) {
      if (entry.indexOf('.') < 0) {
        mask |= 1 << DataClass.valueOf(entry).ordinal();
      } else {
        detectors.add(entry);
      }
    }
    int classMask = mask;
    String[] ids = detectors.toArray(new String[0]);
    return ev -> (ev.foundMask & classMask) != 0 || (ids.length > 0 && hasDetector(ev, ids));
  }

  private static boolean hasDetector(Evaluation ev, String[] ids) {
    List<Finding> findings = ev.facts.findings();
    for (int i = 0; i < findings.size(); i++) {
      String found = findings.get(i).detectorId();
      for (String id : ids) {
        if (id.equals(found)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean containsAny(BodyView body, int[] terms) {
    for (int term : terms) {
      if (body.has(term)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsAll(BodyView body, int[] terms) {
    for (int term : terms) {
      if (!body.has(term)) {
        return false;
      }
    }
    return true;
  }

  private static boolean findsAny(BodyView body, int[] regexes) {
    for (int regex : regexes) {
      if (body.finds(regex)) {
        return true;
      }
    }
    return false;
  }

  /** Holds when one single ref update satisfies every git field of the condition. */
  private static final class GitRefs implements Condition {
    private final int forcePushMask;
    private final Boolean refDeleted;
    private final GlobSet refs;

    GitRefs(RuleCondition c) {
      int mask = 0;
      for (var state : c.forcePush()) {
        mask |= 1 << state.ordinal();
      }
      this.forcePushMask = mask;
      this.refDeleted = c.refDeleted();
      this.refs = GlobSet.compileOrNull(c.refMatches(), CaseFold.NONE);
    }

    @Override
    public boolean test(Evaluation ev) {
      GitPush push = ev.facts.gitPush();
      if (push == null) {
        return false;
      }
      List<RefUpdate> updates = push.refUpdates();
      for (int i = 0; i < updates.size(); i++) {
        if (holdsFor(updates.get(i))) {
          return true;
        }
      }
      return false;
    }

    private boolean holdsFor(RefUpdate u) {
      return (forcePushMask == 0 || (forcePushMask & (1 << u.forcePush().ordinal())) != 0)
          && (refDeleted == null || refDeleted == u.deleted())
          && (refs == null || refs.matches(u.refName()));
    }
  }
}
