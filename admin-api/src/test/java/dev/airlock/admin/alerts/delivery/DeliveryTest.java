package dev.airlock.admin.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertPublisher;
import dev.airlock.admin.alerts.ChannelDirectory;
import dev.airlock.admin.alerts.Delivery;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.admin.alerts.OutboxTestBase;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.alerts.TestEvents;
import dev.airlock.admin.alerts.render.RenderContext;
import dev.airlock.admin.alerts.render.WebhookMessage;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.TestAudit;
import dev.airlock.proxy.trace.Trace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delivery to real local receivers: each service's request, retries, rate limits, dead letters, restarts. */
class DeliveryTest extends OutboxTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One node's publisher and worker. */
  private final class Node implements AutoCloseable {
    final ChannelDirectory directory = new ChannelDirectory(channels);
    final DeliveryWorker worker;
    final AlertPublisher publisher;

    Node(int maxAttempts) {
      directory.reload();
      worker = new DeliveryWorker(outbox, channels::find, Transports.http(new HttpTransport(HttpTransport.defaultClient(), Duration.ofSeconds(5),
          new RenderContext(null, null), Map.of())),
          new DeliveryWorker.Settings(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(1),
              Duration.ofSeconds(30), 50, Duration.ofMillis(50)), Clock.systemUTC()).start();
      publisher = new AlertPublisher(directory, outbox, new AlertPublisher.Settings(1000, 100, Duration.ofMillis(100)),
          worker::wake).start();
      open.add(this);
    }

    @Override
    public void close() {
      publisher.close();
      worker.close();
    }
  }

  @Test
  void eachServiceGetsItsOwnRequestShape() throws Exception {
    Receiver r = receiver();
    channel("{'name': 'slack', 'type': 'slack', 'env_names': ['default'], 'config': {'webhook_url': '" + r.url("/slack") + "'}}");
    channel("{'name': 'discord', 'type': 'discord', 'env_names': ['default'], 'config': {'webhook_url': '" + r.url("/discord") + "'}}");
    channel("{'name': 'teams', 'type': 'teams', 'env_names': ['default'], 'config': {'webhook_url': '" + r.url("/teams") + "'}}");
    channel("{'name': 'tg', 'type': 'telegram', 'env_names': ['default'], 'config': {'bot_token': '42:AAAAAAAAAAAAAAAAAAAAAAAA',"
        + " 'chat_id': 99, 'api_base': '" + r.url("") + "'}}");
    channel("{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'config': {'url': '" + r.url("/hook")
        + "', 'secret': 'hook-secret', 'headers': {'Authorization': 'Splunk 1234'}}}");
    Node node = new Node(3);

    node.publisher.publish(TestEvents.approval("trc_1", "apr_1"));
    Poll.until(Duration.ofSeconds(10), "five deliveries", () -> r.received().size() == 5);

    Map<String, Receiver.Received> byPath = new java.util.HashMap<>();
    r.received().forEach(x -> byPath.put(x.path(), x));
    assertThat(byPath).containsOnlyKeys("/slack", "/discord", "/teams", "/bot42:AAAAAAAAAAAAAAAAAAAAAAAA/sendMessage",
        "/hook");
    byPath.values().forEach(x -> assertThat(x.method()).isEqualTo("POST"));
    assertThat(JSON.readTree(byPath.get("/slack").body()).at("/blocks/3/elements/0/value").asText()).isEqualTo("apr_1");
    assertThat(JSON.readTree(byPath.get("/discord").body()).at("/embeds/0/title").asText()).contains("REQUIRE_APPROVAL");
    assertThat(JSON.readTree(byPath.get("/teams").body()).at("/attachments/0/content/type").asText())
        .isEqualTo("AdaptiveCard");
    JsonNode tg = JSON.readTree(byPath.get("/bot42:AAAAAAAAAAAAAAAAAAAAAAAA/sendMessage").body());
    assertThat(tg.get("chat_id").asLong()).isEqualTo(99);
    assertThat(tg.at("/reply_markup/inline_keyboard/0/0/callback_data").asText()).isEqualTo("approve:apr_1");
    Receiver.Received hook = byPath.get("/hook");
    assertThat(hook.header("Authorization")).isEqualTo("Splunk 1234");
    assertThat(hook.header("X-Airlock-Signature")).isEqualTo("sha256=" + WebhookMessage.hmac("hook-secret", hook.body()));
    assertThat(hook.header("Content-Type")).startsWith("application/json");
    // A webhook takes events in batches: a JSON array, here of the one event published.
    JsonNode batch = JSON.readTree(hook.body());
    assertThat(batch.isArray()).isTrue();
    assertThat(batch).hasSize(1);
    assertThat(batch.get(0).get("event_id").asText()).isEqualTo("trc_1");
    Poll.until(Duration.ofSeconds(5), "all settled", () -> channels.all().stream()
        .allMatch(c -> deliveries(c, Delivery.Status.DELIVERED).size() == 1));
  }

  @Test
  void filtersChooseWhichChannelsGetAnEvent() {
    Receiver r = receiver();
    AlertChannel high = channel("{'name': 'high', 'type': 'webhook', 'env_names': ['default'], 'events': ['DENY'],"
        + " 'min_severity': 'HIGH', 'config': {'url': '" + r.url("/high") + "'}}");
    AlertChannel tools = channel("{'name': 'tools', 'type': 'webhook', 'env_names': ['*'], 'events': ['DENY'],"
        + " 'tools': ['github'], 'config': {'url': '" + r.url("/tools") + "'}}");
    AlertChannel agents = channel("{'name': 'agents', 'type': 'webhook', 'env_names': ['default'], 'events': ['DENY'],"
        + " 'agents': ['bot'], 'enabled': true, 'config': {'url': '" + r.url("/agents") + "'}}");
    AlertChannel off = channel("{'name': 'off', 'type': 'webhook', 'env_names': ['default'], 'enabled': false,"
        + " 'config': {'url': '" + r.url("/off") + "'}}");
    Node node = new Node(3);
    node.publisher.observe(List.of(
        TestEvents.trace("trc_low", "default", "bot", "DENY", "LOW", null),
        TestEvents.trace("trc_high", "default", "other", "DENY", "CRITICAL", null),
        TestEvents.trace("trc_allow", "default", "bot", "ALLOW", "CRITICAL", null),
        TestEvents.trace("trc_else", "staging", "bot", "DENY", "CRITICAL", null)));
    Poll.until(Duration.ofSeconds(10), "two deliveries", () -> r.received().size() == 2);
    assertThat(ids(high)).containsExactly("trc_high");
    assertThat(ids(agents)).containsExactly("trc_low");
    assertThat(ids(tools)).isEmpty();
    assertThat(ids(off)).isEmpty();
  }

  /** The events a channel's deliveries carry (a batch row's events in order). */
  private List<String> ids(AlertChannel c) {
    List<String> out = new ArrayList<>();
    for (Delivery d : deliveries(c, null)) {
      if (d.batch()) {
        d.event().forEach(e -> out.add(e.get("event_id").asText()));
      } else {
        out.add(d.eventId());
      }
    }
    return out;
  }

  @Test
  void aFailedDeliveryIsRetriedAfterABackoff() {
    Receiver r = receiver().answer(new Receiver.Answer(500, Map.of(), "upstream broke"));
    AlertChannel c = channel("{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'config': {'url': '"
        + r.url("/in") + "'}}");
    Node node = new Node(5);
    node.publisher.publish(TestEvents.deny("trc_1", "default", "bot", "HIGH"));
    Poll.until(Duration.ofSeconds(10), "delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 1);
    List<Receiver.Received> got = r.received();
    assertThat(got).hasSize(2);
    assertThat(Duration.ofNanos(got.get(1).nanoTime() - got.get(0).nanoTime())).isGreaterThan(Duration.ofMillis(150));
    Delivery d = deliveries(c, Delivery.Status.DELIVERED).get(0);
    assertThat(d.attempts()).isEqualTo(2);
    assertThat(d.deliveredAt()).isNotNull();
  }

  @Test
  void a429RateLimitsTheWholeChannelUntilRetryAfter() {
    Receiver r = receiver().answer(new Receiver.Answer(429, Map.of("Retry-After", "2"), ""));
    AlertChannel c = channel("{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'config': {'url': '"
        + r.url("/in") + "'}}");
    Node node = new Node(1);
    node.publisher.publish(TestEvents.deny("trc_1", "default", "bot", "HIGH"));
    Poll.until(Duration.ofSeconds(5), "the first try", () -> r.received().size() == 1);
    node.publisher.publish(TestEvents.deny("trc_2", "default", "bot", "HIGH"));
    Poll.until(Duration.ofSeconds(10), "both delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 2);
    List<Receiver.Received> got = r.received();
    assertThat(got).hasSize(3);
    long first = got.get(0).nanoTime();
    for (Receiver.Received later : got.subList(1, 3)) {
      assertThat(Duration.ofNanos(later.nanoTime() - first)).as("nothing before Retry-After")
          .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }
    // One attempt allowed, yet a 429 is not a failure: nothing went dead.
    assertThat(deliveries(c, Delivery.Status.DEAD)).isEmpty();
  }

  @Test
  void afterNFailuresADeliveryIsDeadVisibleAndCanBeRetried() {
    Receiver r = receiver().answer(Receiver.Answer.status(503), Receiver.Answer.status(404),
        Receiver.Answer.status(400));
    AlertChannel c = channel("{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'config': {'url': '"
        + r.url("/in") + "'}}");
    Node node = new Node(3);
    node.publisher.publish(TestEvents.deny("trc_1", "default", "bot", "HIGH"));
    Poll.until(Duration.ofSeconds(10), "dead", () -> deliveries(c, Delivery.Status.DEAD).size() == 1);
    Delivery dead = deliveries(c, Delivery.Status.DEAD).get(0);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).isEqualTo("HTTP 400 from 127.0.0.1");
    assertThat(r.received()).hasSize(3);

    outbox.retry(c.id(), dead.id(), TestAudit.ACTOR, "default");
    node.worker.wake();
    Poll.until(Duration.ofSeconds(10), "delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 1);
    assertThat(r.received()).hasSize(4);
  }

  @Test
  void aRecordedErrorNeverQuotesTheChannelsSecrets() {
    String token = "42:SECRETSECRETSECRETSECRET";
    Receiver r = receiver().answer(new Receiver.Answer(401, Map.of(),
        "{\"ok\":false,\"description\":\"Unauthorized: bot" + token + " rejected\"}"));
    AlertChannel c = channel("{'name': 'tg', 'type': 'telegram', 'env_names': ['default'], 'config': {'bot_token': '"
        + token + "', 'chat_id': 1, 'api_base': '" + r.url("") + "'}}");
    Node node = new Node(1);
    node.publisher.publish(TestEvents.deny("trc_1", "default", "bot", "HIGH"));
    Poll.until(Duration.ofSeconds(10), "dead", () -> deliveries(c, Delivery.Status.DEAD).size() == 1);
    String error = deliveries(c, Delivery.Status.DEAD).get(0).lastError();
    assertThat(error).startsWith("HTTP 401 from 127.0.0.1").contains("Unauthorized: bot****").doesNotContain(token);
  }

  @Test
  void syslogWithoutATransportFailsClearly() {
    AlertChannel c = channel("{'name': 'siem', 'type': 'syslog', 'env_names': ['default'], 'config': {'host': '127.0.0.1',"
        + " 'port': 6514, 'protocol': 'udp'}}");
    Node node = new Node(1);
    node.publisher.publish(TestEvents.deny("trc_1", "default", "bot", "HIGH"));
    Poll.until(Duration.ofSeconds(10), "dead", () -> deliveries(c, Delivery.Status.DEAD).size() == 1);
    assertThat(deliveries(c, Delivery.Status.DEAD).get(0).lastError())
        .isEqualTo("syslog delivery is not available on this node");
  }

  /**
   * A chat channel's rows are one per event, keyed by the event: a replay adds nothing. (A bulk
   * channel's batch is keyed by its own id; each node batches the traces it wrote itself.)
   */
  @Test
  void eachEventReachesEachChannelExactlyOnceWithTwoNodes() {
    Receiver r = receiver();
    AlertChannel c = channel("{'name': 'chat', 'type': 'discord', 'env_names': ['default'], 'config': {'webhook_url': '"
        + r.url("/in") + "'}}");
    Node a = new Node(3);
    Node b = new Node(3);
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      traces.add(TestEvents.trace("trc_" + i, "default", "bot", "DENY", "HIGH", null));
    }
    // Both nodes see every event (a replay), and the same one is published twice more.
    a.publisher.observe(traces);
    b.publisher.observe(traces);
    a.publisher.publish(new DecisionAlert(traces.get(0)));
    b.publisher.publishTo(c.id(), new DecisionAlert(traces.get(0)));
    Poll.until(Duration.ofSeconds(20), "all delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 60);
    assertThat(r.received()).hasSize(60);
    List<String> ids = ids(c);
    assertThat(new HashSet<>(ids)).hasSize(60);
    List<String> titles = new ArrayList<>();
    r.received().forEach(x -> {
      try {
        titles.add(JSON.readTree(x.body()).at("/embeds/0/title").asText());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(titles).allSatisfy(t -> assertThat(t).contains("DENY"));
  }

  @Test
  void nothingIsLostWhenTheNodeRestartsWhileTheReceiverIsDown() throws Exception {
    int port = freedPort();
    // A chat channel: one row per event (BatchDeliveryTest does the same for a batch row).
    AlertChannel c = channel("{'name': 'chat', 'type': 'discord', 'env_names': ['default'], 'config': {'webhook_url': "
        + "'http://127.0.0.1:" + port + "/in'}}");
    Node before = new Node(50);
    for (int i = 0; i < 5; i++) {
      before.publisher.publish(TestEvents.deny("trc_" + i, "default", "bot", "HIGH"));
    }
    Poll.until(Duration.ofSeconds(10), "failed attempts", () -> deliveries(c, Delivery.Status.PENDING).stream()
        .anyMatch(d -> d.attempts() > 0));
    assertThat(deliveries(c, Delivery.Status.PENDING)).hasSize(5);
    assertThat(deliveries(c, Delivery.Status.PENDING)).filteredOn(d -> d.attempts() > 0)
        .allSatisfy(d -> assertThat(d.lastError()).startsWith("cannot reach 127.0.0.1"));
    before.close();
    open.remove(before);

    Receiver back = Receiver.on(port);
    open.add(back);
    new Node(50);
    Poll.until(Duration.ofSeconds(20), "all delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 5);
    assertThat(back.received()).hasSize(5);
    assertThat(ids(c)).containsExactlyInAnyOrder("trc_0", "trc_1", "trc_2", "trc_3", "trc_4");
  }
}
