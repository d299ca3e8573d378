package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.DataClass;
import java.util.EnumSet;
import java.util.List;

/**
 * The rules of one environment, indexed by tool and then by operation: a decision walks only the
 * rules that can apply to its tool and operation, already merged in evaluation order.
 */
final class EnvIndex {
  private static final List<String> DEFAULT_REASONS = List.of("DEFAULT_ACTION");

  private final EnvironmentSettings settings;
  private final FieldIndex<FieldIndex<RuleBucket>> byToolThenOperation;
  private final RedactTable defaultRedact;
  private final BodyIndex body;

  private EnvIndex(
      EnvironmentSettings settings,
      FieldIndex<FieldIndex<RuleBucket>> byToolThenOperation,
      BodyIndex body) {
    this.settings = settings;
    this.body = body;
    this.byToolThenOperation = byToolThenOperation;
    this.defaultRedact =
        settings.defaultAction() == Action.SANITIZE
            ? RedactTable.of(EnumSet.allOf(DataClass.class))
            : RedactTable.none();
  }

  /**
   * @param ordered the environment's rules, already sorted by {@link CompiledRule#ORDER}
   * @param body the body terms and regexes their conditions were compiled against
   */
  static EnvIndex build(EnvironmentSettings settings, List<CompiledRule> ordered, BodyIndex body) {
    TermScanners scanners = body.scanners();
    return new EnvIndex(
        settings,
        FieldIndex.build(
            ordered,
            rule -> rule.exactTools,
            forTool -> FieldIndex.build(
                forTool, rule -> rule.exactOperations, rules -> RuleBucket.of(rules, scanners))),
        body);
  }

  BodyIndex body() {
    return body;
  }

  EnvironmentSettings settings() {
    return settings;
  }

  /** Rules that may apply to this tool and operation, in evaluation order, and their terms. */
  RuleBucket bucketFor(String tool, String operation) {
    return byToolThenOperation.get(tool).get(operation);
  }

  Decision defaultDecision(Evaluation ev) {
    return new Decision(
        settings.defaultAction(), DEFAULT_REASONS, null, RiskModel.band(ev.risk), ev.risk,
        defaultRedact.forFound(ev.foundMask), ev.riskSignals);
  }
}
