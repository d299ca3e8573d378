package dev.airlock.proxy.policy;

import dev.airlock.proxy.detect.Finding;
import java.util.List;

/**
 * The request being decided plus what is derived from it at most once per decision: the
 * case-folded match fields, the mask of data classes found and, only if some rule asks, the
 * folded runtime type and what is known about the body.
 */
final class Evaluation {
  static final CaseFold TOOL = CaseFold.LOWER;
  static final CaseFold OPERATION = CaseFold.LOWER;
  static final CaseFold HOST = CaseFold.LOWER;
  static final CaseFold METHOD = CaseFold.UPPER;
  static final CaseFold RUNTIME_TYPE = CaseFold.LOWER;

  final RequestFacts facts;
  final AgentContext ctx;
  final String tool;
  final String operation;
  final String host;
  final String method;
  /** Bit {@code 1 << DataClass.ordinal()} set for each class found. */
  final int foundMask;
  private String runtimeType;
  /** The effective risk (SPEC §4.3), set by the engine before any rule is tried. */
  double risk;
  /** How {@link #risk} came about, for the decision and its trace. */
  RiskSignals riskSignals;
  /** The rules that may apply to this tool and operation. */
  final RuleBucket bucket;
  private final BodyIndex bodyIndex;
  private BodyView body;

  Evaluation(RequestFacts facts, AgentContext ctx, EnvIndex index) {
    this.facts = facts;
    this.ctx = ctx;
    this.bodyIndex = index.body();
    this.tool = TOOL.apply(facts.tool());
    this.operation = OPERATION.apply(facts.operation());
    this.bucket = index.bucketFor(tool, operation);
    this.host = HOST.apply(facts.host());
    this.method = METHOD.apply(facts.method());
    this.foundMask = maskOf(facts.findings());
  }

  String runtimeType() {
    if (runtimeType == null) {
      runtimeType = RUNTIME_TYPE.apply(ctx.runtimeType());
    }
    return runtimeType;
  }

  BodyView body() {
    if (body == null) {
      body = new BodyView(bodyIndex, bucket.terms(), facts.body());
    }
    return body;
  }

  private static int maskOf(List<Finding> findings) {
    int mask = 0;
    for (int i = 0; i < findings.size(); i++) {
      mask |= 1 << findings.get(i).dataClass().ordinal();
    }
    return mask;
  }
}
