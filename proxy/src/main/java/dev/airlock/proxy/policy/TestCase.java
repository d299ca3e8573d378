package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

/**
 * One offline policy test: a request, who sends it, and optionally what should happen.
 *
 * @param name label shown in results
 * @param context agent, environment and runtime type
 * @param facts the request as the normalizer and detectors would describe it
 * @param expect expected outcome ({@link Expectation#NONE} when only the decision is wanted)
 */
public record TestCase(String name, AgentContext context, RequestFacts facts, Expectation expect) {
  public TestCase {
    requireNonNull(name, "name");
    requireNonNull(context, "context");
    requireNonNull(facts, "facts");
    expect = expect == null ? Expectation.NONE : expect;
  }
}
