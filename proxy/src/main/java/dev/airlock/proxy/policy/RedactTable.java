package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.DataClass;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a SANITIZE decision redacts for each combination of classes found: the targets that were
 * actually found. There are only 2^|DataClass| combinations, so they are all computed at compile
 * time and deciding never builds a set.
 */
final class RedactTable {
  private final List<Set<DataClass>> byFoundMask;

  private RedactTable(List<Set<DataClass>> byFoundMask) {
    this.byFoundMask = byFoundMask;
  }

  static RedactTable of(Set<DataClass> targets) {
    DataClass[] classes = DataClass.values();
    List<Set<DataClass>> table = new ArrayList<>(1 << classes.length);
    for (int mask = 0; mask < 1 << classes.length; mask++) {
      Set<DataClass> redact = EnumSet.noneOf(DataClass.class);
      for (DataClass c : classes) {
        if ((mask & (1 << c.ordinal())) != 0 && targets.contains(c)) {
          redact.add(c);
        }
      }
      table.add(Set.copyOf(redact));
    }
    return new RedactTable(List.copyOf(table));
  }

  /** For actions other than SANITIZE: never redact. */
  static RedactTable none() {
    return of(Set.of());
  }

  Set<DataClass> forFound(int foundMask) {
    return byFoundMask.get(foundMask);
  }
}
