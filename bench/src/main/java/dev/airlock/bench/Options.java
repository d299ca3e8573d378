package dev.airlock.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} and {@code --flag} arguments. */
final class Options {
  private final Map<String, String> values = new HashMap<>();

  Options(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
      boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      values.put(a.substring(2), hasValue ? args.get(++i) : "true");
    }
  }

  String required(String name) {
    return optional(name).orElseThrow(() -> new IllegalArgumentException("missing --" + name));
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }
}
