package dev.airlock.bench.jmh;

import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.policy.RequestFacts;
import dev.airlock.proxy.policy.RiskModel;
import dev.airlock.proxy.policy.TimeWindow;
import dev.airlock.proxy.risk.Burst;
import dev.airlock.proxy.risk.Destination;
import dev.airlock.proxy.risk.NewDestinations;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.risk.TrustEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
 * The whole decision after inspection, as the data plane takes it: the agent's trust and pinned
 * scrutiny from the trust book, the new-destination and burst observers before and after, the risk
 * score and the engine over {@code rules} rules of which 20 read observations, risk, trust and time
 * (new_destination, risk_at_least, trust_below, threat_intel, time_window). One operation is one
 * request decided.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class RiskDecisionBenchmark {
  private static final int REQUESTS = PolicyEngineBenchmark.REQUESTS;
  private static final long SEED = 0x5eed_2024L;
  private static final Instant START = Instant.parse("2026-06-10T10:00:00Z");
  private static final InspectedRequest REQUEST =
      new InspectedRequest("https", "example.com", 443, "POST", "/", null, Map.of(), new byte[0], true);

  @Param({"200"})
  int rules;

  private PolicyEngine engine;
  private TrustBook trust;
  private NewDestinations destinations;
  private Burst burst;
  private RequestFacts[] facts;
  private Inspection[] inspections;
  private AgentContext[] contexts;
  private Instant[] times;
  private int next;

  @Setup
  public void setup() {
    TimeWindow office = new TimeWindow(TimeWindow.dayBits("mon-fri"), 8 * 60, 19 * 60, ZoneId.of("Europe/Paris"));
    engine = new PolicyEngine(new RiskModel(Map.of(), office));
    List<PolicyDocument> docs = new ArrayList<>(RuleMix.documents(rules - 20, SEED));
    docs.add(riskRules());
    engine.install(List.of(
        new EnvironmentSettings(FactsMix.PRODUCTION, EnforcementMode.ENFORCE, Action.ALLOW, 1.5, 25),
        EnvironmentSettings.defaults(FactsMix.STAGING)), docs);
    trust = new TrustBook(Duration.ofDays(1), Clock.fixed(START, ZoneId.of("UTC")));
    destinations = new NewDestinations();
    burst = new Burst(600);
    FactsMix mix = FactsMix.generate(REQUESTS, SEED);
    facts = mix.facts;
    contexts = mix.contexts;
    inspections = new Inspection[REQUESTS];
    times = new Instant[REQUESTS];
    List<Destination> known = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      RequestFacts f = facts[i];
      inspections[i] = new Inspection(null, f.body(), List.of(), List.of(), List.of(), f.path(), List.of(), f);
      // Spread over a week, so that some requests fall outside working hours and time windows.
      times[i] = START.plusSeconds(i * 593L);
      if (i % 2 == 0) {
        known.add(new Destination(contexts[i].env(), contexts[i].agent(), f.tool(), f.host(), START));
      }
      if (i % 7 == 0) {
        trust.record(contexts[i].env(), contexts[i].agent(), i % 3 == 0 ? TrustEvent.THREAT_INTEL : TrustEvent.DENY,
            null, null);
      }
    }
    destinations.merge(known);
    trust.drain(Integer.MAX_VALUE);
  }

  private static PolicyDocument riskRules() {
    StringBuilder yaml = new StringBuilder("name: risk-rules\nenv_names: \"*\"\nrules:\n");
    String[] conditions = {
      "{new_destination: true, risk_at_least: 0.9}",
      "{trust_below: 0.2}",
      "{threat_intel: true}",
      "{risk_at_least: 0.95}",
      "{time_window: {days: [sat, sun], from: '00:00', to: '24:00', tz: Europe/Paris}, new_destination: true}",
    };
    for (int i = 0; i < 20; i++) {
      yaml.append("  - {id: risk-").append(i).append(", priority: ").append(5 + i * 7)
          .append(", condition: ").append(conditions[i % conditions.length])
          .append(", action: ").append(i % 2 == 0 ? "REQUIRE_APPROVAL" : "DENY").append("}\n");
    }
    return PolicyParser.parse(yaml.toString());
  }

  @Benchmark
  public Decision decide() {
    int i = next++ & (REQUESTS - 1);
    Instant now = times[i];
    AgentContext agent = trust.of(contexts[i], now);
    Inspection in = inspections[i];
    Observations observed = Observations.NONE.withTime(now);
    observed = destinations.observe(observed, REQUEST, in, agent);
    observed = burst.observe(observed, REQUEST, in, agent);
    Decision d = engine.decide(facts[i].withObservations(observed), agent);
    destinations.decided(REQUEST, in, agent, d, observed);
    return d;
  }
}
