package dev.airlock.proxy.policy;

import java.util.Locale;

/**
 * How a match field ignores case: patterns are folded when compiled and request values once per
 * decision. Each field folds toward the case its values usually arrive in (lower-case hosts and
 * tool names, upper-case methods), because {@code toLowerCase}/{@code toUpperCase} return the same
 * instance when nothing changes, so the usual request costs a scan and no allocation.
 */
enum CaseFold {
  NONE,
  LOWER,
  UPPER;

  String apply(String s) {
    return switch (this) {
      case NONE -> s;
      case LOWER -> s.toLowerCase(Locale.ROOT);
      case UPPER -> s.toUpperCase(Locale.ROOT);
    };
  }
}
