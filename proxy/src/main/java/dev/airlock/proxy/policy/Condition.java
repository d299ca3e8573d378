package dev.airlock.proxy.policy;

/** One compiled condition of a rule. Implementations are immutable and do no I/O. */
interface Condition {
  boolean test(Evaluation ev);
}
