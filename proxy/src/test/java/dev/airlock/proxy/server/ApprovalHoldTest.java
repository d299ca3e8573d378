package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCache;
import dev.airlock.certs.LeafMinter;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.inspect.InspectingDecider;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.spi.AgentIdentity;
import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.spi.ApprovalStatus;
import dev.airlock.proxy.spi.InMemoryApprovalGate;
import dev.airlock.proxy.spi.StaticAgentDirectory;
import dev.airlock.proxy.trace.Trace;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request the policy holds for approval, on an agent connection with the in-memory gate: held
 * without an answer, then answered by the decision or by the end of the hold.
 */
class ApprovalHoldTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BODY = "{\"deploy\":\"v1\"}";
  private static final String REQUEST = "POST http://93.184.216.34/deploy HTTP/1.1\r\nHost: 93.184.216.34\r\n"
      + "Content-Length: " + BODY.length() + "\r\n" + TestProxyContexts.AUTH + "\r\n" + BODY;

  private final List<Trace> traces = new CopyOnWriteArrayList<>();
  private EmbeddedChannel ch;

  @AfterEach
  void release() {
    if (ch != null) {
      ch.finishAndReleaseAll();
    }
  }

  private EmbeddedChannel agent(int holdSeconds, ApprovalGate gate) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(new EnvironmentSettings("default", EnforcementMode.ENFORCE, Action.ALLOW, 1.0,
        holdSeconds)), List.of(PolicyParser.parse("{\"name\":\"deploys\",\"rules\":[{\"id\":\"approve\","
        + "\"match\":{\"method\":\"POST\"},\"action\":\"REQUIRE_APPROVAL\",\"reason\":\"NEEDS_APPROVAL\"}]}")));
    RequestInspector inspector = new RequestInspector(ToolCatalog.load(null),
        new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of(), Set.of()));
    LeafCache leaves = new LeafCache(new LeafMinter(CertificateAuthority.generate()), Runnable::run);
    ProxyConfig config = ProxyConfig.defaults();
    ProxyContext px = new ProxyContext(config,
        new StaticAgentDirectory().add(new AgentIdentity("agt_1", TestProxyContexts.AGENT, "key_1", "default",
            "custom"), TestProxyContexts.KEY),
        new DestinationGuard(config.allowPrivate(), config.connectTo(), Runnable::run),
        new MitmContexts(h -> leaves.get(h).thenApply(l -> new LeafSource.KeyMaterial(l.privateKey(), l.chain())),
            Runnable::run),
        new UpstreamTls(null, 5000),
        new InspectingDecider(inspector, engine, new Redactor()),
        traces::add,
        new HostGlobs(List.of()),
        new ProxyStats(),
        new AgentConnectionLimit(config.limits().maxConnectionsPerAgent()),
        new UpstreamPool(config),
        gate);
    ch = TestProxyContexts.agentChannel(px);
    ch.freezeTime();
    return ch;
  }

  @Test
  void heldUntilTheHoldEndsThenToldPendingWithTheApprovalAndTheConnectionStaysOpen() throws Exception {
    InMemoryApprovalGate gate = new InMemoryApprovalGate();
    agent(5, gate);

    TestProxyContexts.receive(ch, REQUEST);
    assertThat(TestProxyContexts.written(ch)).as("held: no answer yet").isEmpty();
    assertThat(gate.pending()).hasSize(1);
    String id = gate.pending().iterator().next();
    ch.advanceTimeBy(4, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(TestProxyContexts.written(ch)).as("still held within the hold").isEmpty();

    ch.advanceTimeBy(1, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();

    String answer = TestProxyContexts.written(ch);
    assertThat(answer).startsWith("HTTP/1.1 403 ").contains("X-Airlock-Approval-Id: " + id, "retry-after: 30",
        "X-Airlock-Decision: REQUIRE_APPROVAL").doesNotContain("Connection: close");
    JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.get("decision").asText()).isEqualTo("REQUIRE_APPROVAL");
    assertThat(body.get("status").asText()).isEqualTo("pending");
    assertThat(body.get("approval_id").asText()).isEqualTo(id);
    assertThat(body.get("retry_after").asInt()).isEqualTo(30);
    assertThat(body.at("/error/type").asText()).isEqualTo("airlock_policy_denied");
    assertThat(body.at("/error/message").asText()).contains(id, "a human must approve it");
    assertThat(ch.isOpen()).isTrue();
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.approvalId()).isEqualTo(id);
      assertThat(t.enforcedAction()).isEqualTo("REQUIRE_APPROVAL");
      assertThat(t.status()).isEqualTo(403);
    });
    assertThat(gate.pending()).as("the approval stays pending for a human").containsExactly(id);
  }

  @Test
  void deniedWhileHeldTheAgentGetsDenyAtOnceAndTheHoldsTimerNoLongerMatters() throws Exception {
    InMemoryApprovalGate gate = new InMemoryApprovalGate();
    agent(25, gate);
    TestProxyContexts.receive(ch, REQUEST);
    String id = gate.pending().iterator().next();

    assertThat(gate.decide(id, ApprovalStatus.DENIED)).isTrue();
    ch.runPendingTasks();

    String answer = TestProxyContexts.written(ch);
    assertThat(answer).startsWith("HTTP/1.1 403 ").contains("X-Airlock-Decision: DENY",
        "X-Airlock-Reason: APPROVAL_DENIED");
    JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
    assertThat(body.get("decision").asText()).isEqualTo("DENY");
    assertThat(body.get("approval_id").asText()).isEqualTo(id);
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.decision()).isEqualTo("REQUIRE_APPROVAL");
      assertThat(t.enforcedAction()).isEqualTo("DENY");
      assertThat(t.reasons()).contains("NEEDS_APPROVAL", "APPROVAL_DENIED");
    });
    ch.advanceTimeBy(30, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(TestProxyContexts.written(ch)).isEmpty();
    assertThat(traces).hasSize(1);
  }

  @Test
  void anAgentThatLeavesWhileHeldEndsTheExchangeAndTheLateDecisionIsDropped() {
    InMemoryApprovalGate gate = new InMemoryApprovalGate();
    agent(25, gate);
    TestProxyContexts.receive(ch, REQUEST);
    String id = gate.pending().iterator().next();

    ch.close();
    assertThat(traces).singleElement().satisfies(t -> assertThat(t.approvalId()).isEqualTo(id));

    gate.decide(id, ApprovalStatus.APPROVED);
    ch.runPendingTasks();
    ch.advanceTimeBy(30, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(traces).hasSize(1);
  }

  @Test
  void withNoHoldTheAgentIsToldPendingAtOnce() {
    InMemoryApprovalGate gate = new InMemoryApprovalGate();
    agent(0, gate);
    TestProxyContexts.receive(ch, REQUEST);

    assertThat(TestProxyContexts.written(ch)).startsWith("HTTP/1.1 403 ").contains("X-Airlock-Approval-Id: apr_");
    assertThat(gate.pending()).hasSize(1);
  }

  @Test
  void anApprovalThatCannotBeRecordedIsA503AndNothingGoesThrough() {
    agent(25, new ApprovalGate() {
      @Override
      public Optional<String> recentGrant(ApprovalRequest request) {
        return Optional.empty();
      }

      @Override
      public CompletableFuture<Pending> open(ApprovalRequest request) {
        return CompletableFuture.failedFuture(new IllegalStateException("database unavailable"));
      }
    });
    TestProxyContexts.receive(ch, REQUEST);

    String answer = TestProxyContexts.written(ch);
    assertThat(answer).startsWith("HTTP/1.1 503 ").contains("X-Airlock-Reason: APPROVAL_UNAVAILABLE",
        "retry-after: 5");
    assertThat(traces).singleElement().satisfies(t -> {
      assertThat(t.status()).isEqualTo(503);
      assertThat(t.reasons()).contains("APPROVAL_UNAVAILABLE");
      assertThat(t.approvalId()).isNull();
    });
  }

  @Test
  void theGateSeesTheRequestAsAnApprovalRecordsIt() {
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    InMemoryApprovalGate memory = new InMemoryApprovalGate(Clock.systemUTC(), Duration.ofMinutes(10));
    agent(0, new ApprovalGate() {
      @Override
      public Optional<String> recentGrant(ApprovalRequest request) {
        return memory.recentGrant(request);
      }

      @Override
      public CompletableFuture<Pending> open(ApprovalRequest request) {
        asked.add(request);
        return memory.open(request);
      }
    });
    TestProxyContexts.receive(ch, REQUEST);

    assertThat(asked).singleElement().satisfies(r -> {
      assertThat(r.agent()).isEqualTo(TestProxyContexts.AGENT);
      assertThat(r.env()).isEqualTo("default");
      assertThat(r.keyId()).isEqualTo("key_1");
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.host()).isEqualTo("93.184.216.34");
      assertThat(r.path()).isEqualTo("/deploy");
      assertThat(r.reasons()).containsExactly("NEEDS_APPROVAL");
      // sha256 of {"deploy":"v1"}
      assertThat(r.bodySha256()).isEqualTo(sha256(BODY));
      assertThat(r.traceId()).isEqualTo(traces.get(0).id());
    });
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
