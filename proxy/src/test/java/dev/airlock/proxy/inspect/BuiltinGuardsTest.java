package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.intel.FeedFormat;
import dev.airlock.proxy.intel.FeedParser;
import dev.airlock.proxy.intel.ThreatIntel;
import dev.airlock.proxy.intel.ThreatIntelObserver;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.KeyScope;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.Severity;
import dev.airlock.proxy.server.Verdict;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The guards that run before user rules: threat-intel listings and ephemeral key scope, in every mode. */
class BuiltinGuardsTest {
  private final ThreatIntel intel = new ThreatIntel();
  private final AtomicReference<Observations> seen = new AtomicReference<>();
  private final Observer recorder = new Observer() {
    @Override
    public Observations observe(Observations o, InspectedRequest r, Inspection in, AgentContext a) {
      seen.set(o);
      return o;
    }
  };
  private final PolicyEngine engine = StarterPolicies.engine(EnvironmentSettings.defaults("default"),
      new EnvironmentSettings("staging", EnforcementMode.MONITOR, Action.ALLOW));
  private final InspectingDecider decider = new InspectingDecider(
      new RequestInspector(ToolCatalog.load(null), new Detectors(DetectorSettings.defaults()),
          new ExternalPrincipals(Set.of("example.com"), Set.of("acme"))),
      engine, new Redactor(), List.of(new ThreatIntelObserver(intel), recorder), Clock.systemUTC());

  private static InspectedRequest slackPost(InetAddress address) {
    return new InspectedRequest("https", "slack.com", 443, "POST", "/api/chat.postMessage", null,
        Map.of("content-type", List.of("application/json")),
        "{\"channel\":\"C1\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8), true, address);
  }

  @Test
  void aListedAddressIsDeniedEvenInMonitorModeAndTheFeedIsObserved() throws Exception {
    intel.replace(ThreatIntel.API, List.of(new FeedParser().parse("bad-ips", FeedFormat.PLAIN, "192.0.2.0/24\n")));
    Verdict v = decider.decide(slackPost(InetAddress.getByName("192.0.2.44")),
        new AgentContext("a", "staging", null));
    assertThat(v.decision().action()).isEqualTo(Action.DENY);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("THREAT_INTEL_MATCH", "THREAT_INTEL_FEED:bad-ips");
    assertThat(v.decision().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(seen.get().threatIntelFeed()).isEqualTo("bad-ips");
    assertThat(BuiltinGuards.message(v.decision(), v.call(), "slack.com", KeyScope.UNLIMITED))
        .isEqualTo("destination slack.com is listed by threat-intel feed bad-ips");

    Verdict clean = decider.decide(slackPost(InetAddress.getByName("192.0.3.1")),
        new AgentContext("a", "staging", null));
    assertThat(clean.enforced()).isEqualTo(Action.ALLOW);
    assertThat(seen.get().threatIntel()).isFalse();
  }

  @Test
  void anEphemeralKeyIsHeldToItsOperationsAndHosts() {
    KeyScope scope = new KeyScope(List.of("slack.post_message"), List.of("slack.com"), Instant.now().plusSeconds(60));
    AgentContext agent = new AgentContext("a", "staging", null, 0.5, 0, scope);
    assertThat(decider.decide(slackPost(null), agent).enforced()).isEqualTo(Action.ALLOW);

    InspectedRequest history = new InspectedRequest("https", "slack.com", 443, "GET", "/api/conversations.history",
        "channel=C1", Map.of(), new byte[0], true);
    Verdict v = decider.decide(history, agent);
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("EPHEMERAL_SCOPE_VIOLATION");
    assertThat(BuiltinGuards.message(v.decision(), v.call(), "slack.com", scope))
        .contains("outside this ephemeral key's scope").contains("slack.post_message");

    KeyScope otherHost = new KeyScope(List.of("slack.post_message"), List.of("hooks.slack.com"),
        Instant.now().plusSeconds(60));
    assertThat(decider.decide(slackPost(null), new AgentContext("a", "default", null, 0.5, 0, otherHost))
        .decision().reasons()).containsExactly("EPHEMERAL_SCOPE_VIOLATION");
  }
}
