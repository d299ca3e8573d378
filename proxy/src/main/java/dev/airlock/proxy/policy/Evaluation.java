package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.Finding;
import java.util.List;
import java.util.Locale;

/**
 * The request being decided plus what is derived from it at most once per decision: the mask of
 * data classes found and, only if some rule asks, the lower-cased body.
 */
final class Evaluation {
  final RequestFacts facts;
  final AgentContext ctx;
  /** Bit {@code 1 << DataClass.ordinal()} set for each class found. */
  final int foundMask;
  private String lowerBody;

  Evaluation(RequestFacts facts, AgentContext ctx) {
    this.facts = facts;
    this.ctx = ctx;
    this.foundMask = maskOf(facts.findings());
  }

  String lowerBody() {
    if (lowerBody == null) {
      lowerBody = facts.body().toLowerCase(Locale.ROOT);
    }
    return lowerBody;
  }

  private static int maskOf(List<Finding> findings) {
    int mask = 0;
    for (int i = 0; i < findings.size(); i++) {
      mask |= 1 << findings.get(i).dataClass().ordinal();
    }
    return mask;
  }
}
