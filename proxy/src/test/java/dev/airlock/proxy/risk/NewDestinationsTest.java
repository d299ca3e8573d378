package dev.airlock.proxy.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.RequestFacts;
import dev.airlock.proxy.policy.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewDestinationsTest {
  static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
  static final AgentContext BOT = new AgentContext("bot", "prod", "custom");
  static final AgentContext OTHER = new AgentContext("other", "prod", "custom");
  static final InspectedRequest REQUEST =
      new InspectedRequest("https", "hooks.example.com", 443, "POST", "/", null, Map.of(), new byte[0], true);

  static Inspection inspection(Verb verb, String tool, String host) {
    RequestFacts facts = new RequestFacts(tool, "op", verb, host, "POST", "/", "", List.of(), false, null);
    return new Inspection(null, "", List.of(), List.of(), List.of(), "/", List.of(), facts);
  }

  static Decision decision(Action action) {
    return new Decision(action, List.of("R"), "p/r", Severity.LOW, 0.1, Set.of());
  }

  private final NewDestinations destinations = new NewDestinations();

  /** Observes a request, lets the engine's decision be {@code action}, and returns what was observed. */
  private Observations send(AgentContext agent, Verb verb, String tool, String host, Action action) {
    Inspection in = inspection(verb, tool, host);
    Observations o = destinations.observe(Observations.NONE.withTime(NOW), REQUEST, in, agent);
    destinations.decided(REQUEST, in, agent, decision(action), o);
    return o;
  }

  @Test
  void onlyTheFirstAllowedWriteToADestinationIsNew() {
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.ALLOW).newDestination()).isTrue();
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.ALLOW).newDestination()).isFalse();
    assertThat(send(BOT, Verb.ADMIN, "slack", "slack.com", Action.ALLOW).newDestination()).isFalse();
    assertThat(send(BOT, Verb.WRITE, "slack", "hooks.slack.com", Action.SANITIZE).newDestination()).isTrue();
    assertThat(send(BOT, Verb.WRITE, "webhook", "slack.com", Action.ALLOW).newDestination()).as("other tool").isTrue();
    assertThat(send(OTHER, Verb.WRITE, "slack", "slack.com", Action.ALLOW).newDestination()).as("other agent").isTrue();
    assertThat(destinations.drain(100)).extracting(Destination::tool, Destination::host, Destination::agent)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("slack", "slack.com", "bot"),
            org.assertj.core.groups.Tuple.tuple("slack", "hooks.slack.com", "bot"),
            org.assertj.core.groups.Tuple.tuple("webhook", "slack.com", "bot"),
            org.assertj.core.groups.Tuple.tuple("slack", "slack.com", "other"));
    assertThat(destinations.drain(100)).isEmpty();
  }

  @Test
  void readsAreNeverNewAndTeachNothing() {
    assertThat(send(BOT, Verb.READ, "slack", "slack.com", Action.ALLOW).newDestination()).isFalse();
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.ALLOW).newDestination()).isTrue();
  }

  @Test
  void aWriteThatWasNotLetThroughStaysNew() {
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.DENY).newDestination()).isTrue();
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.REQUIRE_APPROVAL).newDestination()).isTrue();
    assertThat(destinations.drain(100)).isEmpty();
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.ALLOW).newDestination()).isTrue();
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.DENY).newDestination()).isFalse();
    assertThat(destinations.drain(100)).hasSize(1).allSatisfy(d -> assertThat(d.firstSeen()).isEqualTo(NOW));
  }

  @Test
  void mergedDestinationsAreKnownButNotQueued() {
    destinations.merge(List.of(new Destination("prod", "bot", "slack", "slack.com", NOW)));
    assertThat(destinations.knows("prod", "bot", "slack", "slack.com")).isTrue();
    assertThat(destinations.knows("dev", "bot", "slack", "slack.com")).isFalse();
    assertThat(send(BOT, Verb.WRITE, "slack", "slack.com", Action.ALLOW).newDestination()).isFalse();
    assertThat(destinations.drain(100)).isEmpty();
  }

  @Test
  void drainTakesBatchesAndRequeueGivesBack() {
    for (int i = 0; i < 5; i++) {
      send(BOT, Verb.WRITE, "webhook", "h" + i + ".example.com", Action.ALLOW);
    }
    List<Destination> first = destinations.drain(3);
    assertThat(first).hasSize(3);
    destinations.requeue(first);
    assertThat(destinations.drain(100)).hasSize(5);
  }
}
