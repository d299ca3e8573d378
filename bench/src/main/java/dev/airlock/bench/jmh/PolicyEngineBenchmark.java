package dev.airlock.bench.jmh;

import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.RequestFacts;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Policy decisions per second on one thread, over a rotation of 1024 requests against a generated
 * rule mix. One operation is one {@link PolicyEngine#decide} call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class PolicyEngineBenchmark {
  static final int REQUESTS = 1024;
  private static final long SEED = 0x5eed_2024L;

  @Param({"10", "200"})
  int rules;

  private PolicyEngine engine;
  private RequestFacts[] facts;
  private AgentContext[] contexts;
  private int next;

  @Setup
  public void setup() {
    engine = new PolicyEngine();
    engine.install(
        List.of(EnvironmentSettings.defaults(FactsMix.PRODUCTION), EnvironmentSettings.defaults(FactsMix.STAGING)),
        RuleMix.documents(rules, SEED));
    FactsMix mix = FactsMix.generate(REQUESTS, SEED);
    facts = mix.facts;
    contexts = mix.contexts;
    System.out.println(System.lineSeparator() + "rules=" + rules + ", decisions over the rotation: " + actionMix());
  }

  @Benchmark
  public Decision decide() {
    int i = next++ & (REQUESTS - 1);
    return engine.decide(facts[i], contexts[i]);
  }

  /** How the rotation is decided, so the result can be read against the mix it measured. */
  private Map<Action, Integer> actionMix() {
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    for (int i = 0; i < REQUESTS; i++) {
      counts.merge(engine.decide(facts[i], contexts[i]).action(), 1, Integer::sum);
    }
    return counts;
  }
}
