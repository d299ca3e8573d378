package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.DataClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules of one environment, bucketed by tool: for each tool some rule names literally, the
 * merged list of that tool's rules and the rules for any tool, already in evaluation order. A
 * decision then walks only the rules that can apply to its tool.
 */
final class EnvIndex {
  private static final List<String> DEFAULT_REASONS = List.of("DEFAULT_ACTION");

  private final EnvironmentSettings settings;
  private final Map<String, CompiledRule[]> byTool;
  private final CompiledRule[] anyTool;
  private final RedactTable defaultRedact;

  private EnvIndex(
      EnvironmentSettings settings, Map<String, CompiledRule[]> byTool, CompiledRule[] anyTool) {
    this.settings = settings;
    this.byTool = byTool;
    this.anyTool = anyTool;
    this.defaultRedact =
        settings.defaultAction() == Action.SANITIZE
            ? RedactTable.of(EnumSet.allOf(DataClass.class))
            : RedactTable.none();
  }

  /** @param ordered the environment's rules, already sorted by {@link CompiledRule#ORDER} */
  static EnvIndex build(EnvironmentSettings settings, List<CompiledRule> ordered) {
    Set<String> tools = new HashSet<>();
    for (CompiledRule rule : ordered) {
      if (rule.exactTools != null) {
        tools.addAll(rule.exactTools);
      }
    }
    Map<String, CompiledRule[]> byTool = new HashMap<>();
    for (String tool : tools) {
      byTool.put(tool, select(ordered, tool));
    }
    return new EnvIndex(settings, Map.copyOf(byTool), select(ordered, null));
  }

  EnvironmentSettings settings() {
    return settings;
  }

  /** Rules that may apply to {@code tool}, in evaluation order. */
  CompiledRule[] rulesFor(String tool) {
    // toLowerCase returns the same instance when nothing changes, so this does not allocate for
    // the usual lower-case tool names.
    CompiledRule[] rules = byTool.get(tool.toLowerCase(Locale.ROOT));
    return rules != null ? rules : anyTool;
  }

  Decision defaultDecision(Evaluation ev, double risk) {
    return new Decision(
        settings.defaultAction(), DEFAULT_REASONS, null, RiskModel.band(risk), risk,
        defaultRedact.forFound(ev.foundMask));
  }

  /** Rules for any tool, plus those naming {@code tool} literally (when not null). */
  private static CompiledRule[] select(List<CompiledRule> ordered, String tool) {
    List<CompiledRule> out = new ArrayList<>();
    for (CompiledRule rule : ordered) {
      if (rule.exactTools == null || (tool != null && rule.exactTools.contains(tool))) {
        out.add(rule);
      }
    }
    return out.toArray(new CompiledRule[0]);
  }
}
