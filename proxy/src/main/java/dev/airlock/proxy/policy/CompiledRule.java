package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.normalize.Verb;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One enabled rule, ready to evaluate: globs compiled, regexes compiled, decision parts built. */
final class CompiledRule {
  /** Ascending priority, then stricter action first, then document name and rule order. */
  static final Comparator<CompiledRule> ORDER =
      Comparator.<CompiledRule>comparingInt(r -> r.priority)
          .thenComparingInt(r -> -r.action.strictness())
          .thenComparing(r -> r.document.name())
          .thenComparingInt(r -> r.ruleIndex);

  final PolicyDocument document;
  final int ruleIndex;
  final int priority;
  final Action action;
  /** Folded tool names when the rule names tools literally, else null (any tool). */
  final Set<String> exactTools;
  /** Folded operations when the rule names operations literally, else null (any). */
  final Set<String> exactOperations;

  private final String ref;
  private final Severity severity;
  private final List<String> reasons;
  private final RedactTable redact;
  private final GlobSet tool;
  private final GlobSet operation;
  private final GlobSet host;
  private final GlobSet method;
  private final GlobSet path;
  private final GlobSet agent;
  private final GlobSet runtimeType;
  private final int verbMask;
  /** See {@link Conditions#classMask}; 0 when no data class is required. */
  private final int classMask;
  private final Condition[] factConditions;
  private final Condition[] bodyConditions;
  /** Ids of the body terms the conditions may look up, directly or as regex literals. */
  final int[] bodyTerms;
  // The fact checks one by one, for replays that lack some facts (the hot path uses the array).
  private final Condition externalPrincipalCheck;
  private final Condition detectorCheck;
  private final Condition gitCheck;
  private final Conditions.Observed[] observedChecks;
  /** Facts a replay may lack that this rule reads. */
  private final Set<MissingFact> reads;

  CompiledRule(PolicyDocument doc, int ruleIndex, BodyIndex.Builder body) {
    PolicyRule rule = doc.rules().get(ruleIndex);
    RuleMatch m = rule.match();
    this.document = doc;
    this.ruleIndex = ruleIndex;
    this.priority = rule.priority();
    this.action = rule.action();
    this.ref = doc.name() + "/" + rule.id();
    this.severity = rule.severity();
    this.reasons = List.of(rule.reason());
    this.redact =
        rule.action() == Action.SANITIZE ? RedactTable.of(rule.redactTargets()) : RedactTable.none();
    this.exactTools = literals(m.toolName(), Evaluation.TOOL);
    this.exactOperations = literals(m.operation(), Evaluation.OPERATION);
    // Literal tools and operations are already checked by the bucket lookup that finds the rule
    // (EnvIndex), so only globs are left to match here.
    this.tool = exactTools != null ? null : GlobSet.compileOrNull(m.toolName(), Evaluation.TOOL);
    this.operation =
        exactOperations != null ? null : GlobSet.compileOrNull(m.operation(), Evaluation.OPERATION);
    this.host = GlobSet.compileOrNull(m.host(), Evaluation.HOST);
    this.method = GlobSet.compileOrNull(m.method(), Evaluation.METHOD);
    this.path = GlobSet.compileOrNull(m.path(), CaseFold.NONE);
    this.agent = GlobSet.compileOrNull(m.agent(), CaseFold.NONE);
    this.runtimeType = GlobSet.compileOrNull(m.runtimeType(), Evaluation.RUNTIME_TYPE);
    this.verbMask = verbMask(m.verb());
    this.classMask = Conditions.classMask(rule.condition());
    this.factConditions = Conditions.compileFacts(rule.condition());
    this.bodyConditions = Conditions.compileBody(rule.condition(), body);
    this.bodyTerms = Conditions.bodyTerms(rule.condition(), body);
    this.externalPrincipalCheck = Conditions.externalPrincipal(rule.condition());
    this.detectorCheck = Conditions.detectors(rule.condition());
    this.gitCheck = Conditions.gitRefs(rule.condition());
    this.observedChecks = Conditions.observed(rule.condition());
    this.reads = reads(this);
  }

  private static Set<MissingFact> reads(CompiledRule r) {
    Set<MissingFact> out = EnumSet.noneOf(MissingFact.class);
    if (r.bodyConditions.length > 0) {
      out.add(MissingFact.BODY);
    }
    if (r.gitCheck != null) {
      out.add(MissingFact.GIT_PUSH);
    }
    if (r.externalPrincipalCheck != null) {
      out.add(MissingFact.EXTERNAL_PRINCIPAL);
    }
    if (r.runtimeType != null) {
      out.add(MissingFact.RUNTIME_TYPE);
    }
    if (r.path != null) {
      out.add(MissingFact.PATH);
    }
    for (Conditions.Observed o : r.observedChecks) {
      if (o.fact() != null) {
        out.add(o.fact());
      }
    }
    return Set.copyOf(out);
  }

  String ref() {
    return ref;
  }

  /** Whether the rule names hosts (and so admits only some). */
  boolean hostScoped() {
    return host != null;
  }

  /** Whether the rule's host field admits {@code host}, folded like {@link Evaluation#host}. */
  boolean admitsHost(String host) {
    return holds(this.host, host);
  }

  /**
   * Whether the rule applies to a request found among {@link RuleBucket#rulesFor} its host in one
   * of its buckets of {@link EnvIndex}: tool, operation and host are known to match by then. Every
   * part is a pure check, so they run cheapest and most often failing first.
   */
  boolean matches(Evaluation ev) {
    RequestFacts f = ev.facts;
    if ((verbMask & (1 << f.verb().ordinal())) == 0
        || (classMask != 0 && (ev.foundMask & classMask) == 0)) {
      return false;
    }
    for (Condition condition : factConditions) {
      if (!condition.test(ev)) {
        return false;
      }
    }
    if (!holds(tool, ev.tool)
        || !holds(operation, ev.operation)
        || !holds(method, ev.method)
        || !holds(path, f.path())
        || !holds(agent, ev.ctx.agent())
        || !holds(runtimeType, ev.runtimeType())) {
      return false;
    }
    for (Condition condition : bodyConditions) {
      if (!condition.test(ev)) {
        return false;
      }
    }
    return true;
  }

  /** The facts of {@code missing} this rule reads (empty when it can be evaluated exactly). */
  Set<MissingFact> readsOf(Set<MissingFact> missing) {
    if (reads.isEmpty() || missing.isEmpty()) {
      return Set.of();
    }
    Set<MissingFact> out = EnumSet.noneOf(MissingFact.class);
    for (MissingFact f : reads) {
      if (missing.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Whether every part of the rule that does not read a {@code missing} fact holds: the rule may
   * apply, depending on what is missing. Found among {@link RuleBucket#rulesFor} like {@link
   * #matches}.
   */
  boolean matchesKnown(Evaluation ev, Set<MissingFact> missing) {
    RequestFacts f = ev.facts;
    if ((verbMask & (1 << f.verb().ordinal())) == 0
        || (classMask != 0 && (ev.foundMask & classMask) == 0)
        || (detectorCheck != null && !detectorCheck.test(ev))
        || (!missing.contains(MissingFact.EXTERNAL_PRINCIPAL)
            && externalPrincipalCheck != null && !externalPrincipalCheck.test(ev))
        || (!missing.contains(MissingFact.GIT_PUSH) && gitCheck != null && !gitCheck.test(ev))) {
      return false;
    }
    for (Conditions.Observed o : observedChecks) {
      if ((o.fact() == null || !missing.contains(o.fact())) && !o.check().test(ev)) {
        return false;
      }
    }
    if (!holds(tool, ev.tool)
        || !holds(operation, ev.operation)
        || !holds(method, ev.method)
        || (!missing.contains(MissingFact.PATH) && !holds(path, f.path()))
        || !holds(agent, ev.ctx.agent())
        || (!missing.contains(MissingFact.RUNTIME_TYPE) && !holds(runtimeType, ev.runtimeType()))) {
      return false;
    }
    if (!missing.contains(MissingFact.BODY)) {
      for (Condition condition : bodyConditions) {
        if (!condition.test(ev)) {
          return false;
        }
      }
    }
    return true;
  }

  Decision decide(Evaluation ev) {
    Set<DataClass> redactClasses = redact.forFound(ev.foundMask);
    return new Decision(
        action, reasons, ref, severity.max(RiskModel.band(ev.risk)), ev.risk, redactClasses, ev.riskSignals);
  }

  private static boolean holds(GlobSet field, String value) {
    return field == null || field.matches(value);
  }

  /** Folded values when the field lists literal values only, else null (any value). */
  private static Set<String> literals(List<String> values, CaseFold fold) {
    if (values.isEmpty() || !values.stream().allMatch(Glob::isLiteral)) {
      return null;
    }
    return Set.copyOf(values.stream().map(fold::apply).toList());
  }

  private static int verbMask(List<String> verbs) {
    if (verbs.isEmpty() || verbs.contains("*")) {
      return -1;
    }
    int mask = 0;
    for (String verb : verbs) {
      mask |= 1 << Verb.valueOf(verb).ordinal();
    }
    return mask;
  }
}
