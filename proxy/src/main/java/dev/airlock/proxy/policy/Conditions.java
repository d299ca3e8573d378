package dev.airlock.proxy.policy;

import com.google.re2j.Pattern;
import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.RefUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compiles a {@link RuleCondition} into checks, cheapest first so that the body is only
 * lower-cased or regex-scanned when the fact checks have already passed.
 */
final class Conditions {
  private Conditions() {}

  static Condition[] compile(RuleCondition c) {
    List<Condition> out = new ArrayList<>();
    if (c.externalPrincipal() != null) {
      boolean expected = c.externalPrincipal();
      out.add(ev -> ev.facts.externalPrincipal() == expected);
    }
    if (!c.dataClassAny().isEmpty()) {
      out.add(dataClassAny(c.dataClassAny()));
    }
    if (c.hasGitConditions()) {
      out.add(new GitRefs(c));
    }
    if (!c.bodyContainsAny().isEmpty()) {
      String[] needles = lower(c.bodyContainsAny());
      out.add(ev -> containsAny(ev.lowerBody(), needles));
    }
    if (!c.bodyContainsAll().isEmpty()) {
      String[] needles = lower(c.bodyContainsAll());
      out.add(ev -> containsAll(ev.lowerBody(), needles));
    }
    if (!c.bodyMatches().isEmpty()) {
      Pattern[] patterns = c.bodyMatches().stream().map(Pattern::compile).toArray(Pattern[]::new);
      out.add(ev -> findsAny(ev.facts.body(), patterns));
    }
    return out.toArray(new Condition[0]);
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

  private static boolean containsAny(String body, String[] needles) {
    for (String needle : needles) {
      if (body.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsAll(String body, String[] needles) {
    for (String needle : needles) {
      if (!body.contains(needle)) {
        return false;
      }
    }
    return true;
  }

  private static boolean findsAny(String body, Pattern[] patterns) {
    for (Pattern pattern : patterns) {
      if (pattern.matcher(body).find()) {
        return true;
      }
    }
    return false;
  }

  private static String[] lower(List<String> values) {
    return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new);
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
