package dev.airlock.proxy.policy;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks the scanner for the terms one bucket of rules can ask about: none when its rules have no
 * body terms, a skip-ahead search when every term is long enough for it, else the automaton.
 * Buckets asking for the same terms share one scanner.
 */
final class TermScanners {
  /** Lower-cased terms in snapshot numbering. */
  private final String[] all;
  private final Map<BitSet, TermScanner> built = new HashMap<>();

  TermScanners(String[] all) {
    this.all = all;
  }

  /** A scanner answering exactly the given term ids, in snapshot numbering. */
  TermScanner forTerms(BitSet ids) {
    return built.computeIfAbsent((BitSet) ids.clone(), this::build);
  }

  private TermScanner build(BitSet ids) {
    if (ids.isEmpty()) {
      int words = TermAutomaton.words(all.length);
      return body -> new long[words];
    }
    String[] selected = new String[all.length];
    boolean skippable = true;
    for (int k = ids.nextSetBit(0); k >= 0; k = ids.nextSetBit(k + 1)) {
      selected[k] = all[k];
      skippable &= SkipScanner.accepts(all[k]);
    }
    TermAutomaton automaton = new TermAutomaton(Arrays.asList(selected));
    return skippable ? new SkipScanner(selected, automaton) : automaton;
  }
}
