package dev.airlock.proxy.policy;

import java.util.BitSet;
import java.util.List;

/**
 * The rules one tool and operation can meet, in evaluation order, with a scanner for exactly the
 * body terms those rules may ask about: a request whose candidate rules have no body conditions
 * never scans, and one whose candidates need two keywords looks for those two only.
 */
record RuleBucket(CompiledRule[] rules, TermScanner terms) {

  static RuleBucket of(List<CompiledRule> ordered, TermScanners scanners) {
    BitSet ids = new BitSet();
    for (CompiledRule rule : ordered) {
      for (int id : rule.bodyTerms) {
        ids.set(id);
      }
    }
    return new RuleBucket(ordered.toArray(new CompiledRule[0]), scanners.forTerms(ids));
  }
}
