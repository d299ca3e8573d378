package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Rules bucketed by one literal-valued request field (tool, operation): for each value some rule
 * names literally, the merged list of that value's rules and the rules for any value, still in
 * evaluation order. Rules whose field is absent or a glob land in every bucket.
 */
final class FieldIndex<T> {
  private final Map<String, T> byValue;
  private final T anyValue;

  private FieldIndex(Map<String, T> byValue, T anyValue) {
    this.byValue = byValue;
    this.anyValue = anyValue;
  }

  /**
   * @param ordered rules in evaluation order
   * @param literals a rule's folded literal values for the field, or null for any value
   * @param bucket turns the rules of one bucket (in order) into what lookups return
   */
  static <T> FieldIndex<T> build(
      List<CompiledRule> ordered,
      Function<CompiledRule, Set<String>> literals,
      Function<List<CompiledRule>, T> bucket) {
    Set<String> values = new HashSet<>();
    for (CompiledRule rule : ordered) {
      Set<String> named = literals.apply(rule);
      if (named != null) {
        values.addAll(named);
      }
    }
    Map<String, T> byValue = new HashMap<>();
    for (String value : values) {
      byValue.put(value, bucket.apply(select(ordered, literals, value)));
    }
    return new FieldIndex<>(Map.copyOf(byValue), bucket.apply(select(ordered, literals, null)));
  }

  /** @param value the request's value, folded like the rules' literals */
  T get(String value) {
    T found = byValue.get(value);
    return found != null ? found : anyValue;
  }

  /** Rules for any value, plus those naming {@code value} literally (when not null). */
  private static List<CompiledRule> select(
      List<CompiledRule> ordered, Function<CompiledRule, Set<String>> literals, String value) {
    List<CompiledRule> out = new ArrayList<>();
    for (CompiledRule rule : ordered) {
      Set<String> named = literals.apply(rule);
      if (named == null || (value != null && named.contains(value))) {
        out.add(rule);
      }
    }
    return out;
  }
}
