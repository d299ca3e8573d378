package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertPublisher;
import dev.airlock.admin.alerts.ChannelDirectory;
import dev.airlock.admin.alerts.ChannelType;
import dev.airlock.admin.alerts.Delivery;
import dev.airlock.admin.alerts.OutboxTestBase;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.alerts.TestEvents;
import dev.airlock.admin.alerts.delivery.DeliveryWorker;
import dev.airlock.admin.alerts.delivery.HttpTransport;
import dev.airlock.admin.alerts.delivery.Transports;
import dev.airlock.admin.alerts.render.RenderContext;
import dev.airlock.admin.alerts.render.WebhookMessage;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.TestAudit;
import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import dev.airlock.proxy.trace.Trace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bulk channels (syslog, webhook) end to end: many decisions become a few outbox rows, each sent in
 * one request or one write to real receivers (a local HTTP intake, rsyslogd), exactly once; and a
 * batch is retried, rate-limited, dead-lettered and carried across a restart as one.
 */
class BatchDeliveryTest extends OutboxTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RFC5424 = Pattern.compile("<(\\d+)>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) - (.*)");
  @TempDir static Path dir;

  /** One node's publisher and worker, with the standard webhook formats and syslog. */
  private final class Node implements AutoCloseable {
    final ChannelDirectory directory = new ChannelDirectory(channels);
    final SyslogTransport syslog = new SyslogTransport();
    final DeliveryWorker worker;
    final AlertPublisher publisher;

    /** A node whose publisher has {@code before} queued when it starts (one drain: one batch). */
    Node(int maxAttempts, List<Trace> before) {
      directory.reload();
      worker = new DeliveryWorker(outbox, channels::find, Transports.http(new HttpTransport(
          HttpTransport.defaultClient(), Duration.ofSeconds(5), new RenderContext(null, null),
          WebhookFormats.all("node-1"))).with(ChannelType.SYSLOG, syslog),
          new DeliveryWorker.Settings(maxAttempts, Duration.ofMillis(200), Duration.ofSeconds(1),
              Duration.ofSeconds(30), 50, Duration.ofMillis(50)), Clock.systemUTC());
      publisher = new AlertPublisher(directory, outbox, new AlertPublisher.Settings(10_000, 500,
          Duration.ofMillis(100)), worker::wake);
      if (!before.isEmpty()) {
        publisher.observe(before);
      }
      publisher.start();
      worker.start();
      open.add(this);
    }

    @Override
    public void close() {
      publisher.close();
      worker.close();
      syslog.close();
    }
  }

  private static List<Trace> traces(String prefix, int n) {
    List<Trace> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestEvents.trace(prefix + i, "default", "bot", i % 3 == 0 ? "DENY" : "ALLOW", "LOW", null));
    }
    return out;
  }

  private AlertChannel hook(Receiver r, String format) {
    return channel("{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'events': ['ALLOW', 'DENY'],"
        + " 'config': {'url': '" + r.url("/in") + "', 'format': '" + format + "', 'secret': 'hook-secret'}}");
  }

  /** The event ids in a JSON-array body. */
  private static List<String> arrayIds(Receiver.Received x) {
    List<String> ids = new ArrayList<>();
    try {
      JSON.readTree(x.body()).forEach(e -> ids.add(e.get("event_id").asText()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  @Test
  void twoThousandDecisionsTravelInAFewBatchesExactlyOnce() throws Exception {
    assumeTrue(RsyslogReceiver.installed(), "rsyslogd is not installed (scripts/dev/install-test-deps installs it)");
    Path rsyslogDir = Files.createDirectories(dir.resolve("rsyslog-bulk"));
    RsyslogReceiver rsyslog = startRsyslog(rsyslogDir);
    open.add(rsyslog);
    Receiver r = receiver();
    AlertChannel splunk = channel("{'name': 'splunk', 'type': 'webhook', 'env_names': ['default'],"
        + " 'events': ['ALLOW', 'DENY'], 'config': {'url': '" + r.url("/services/collector/event") + "',"
        + " 'format': 'splunk', 'secret': 'hook-secret', 'headers': {'Authorization': 'Splunk 1234'}}}");
    AlertChannel siem = channel("{'name': 'siem', 'type': 'syslog', 'env_names': ['default'],"
        + " 'events': ['ALLOW', 'DENY'], 'config': {'host': '127.0.0.1', 'port': " + rsyslog.port() + ","
        + " 'protocol': 'tcp', 'framing': 'octet', 'format': 'cef'}}");
    Node node = new Node(3, List.of());

    List<Trace> all = traces("trc_bulk_", 2000);
    // As the trace writer hands them over: a few batches of traces.
    for (int i = 0; i < all.size(); i += 500) {
      node.publisher.observe(all.subList(i, i + 500));
    }
    Set<String> expected = new HashSet<>();
    all.forEach(t -> expected.add(t.id()));

    Poll.until(Duration.ofSeconds(30), "every batch delivered to both channels", () ->
        !deliveries(splunk, null).isEmpty() && !deliveries(siem, null).isEmpty()
            && deliveries(splunk, null).stream().allMatch(d -> d.status() == Delivery.Status.DELIVERED)
            && deliveries(siem, null).stream().allMatch(d -> d.status() == Delivery.Status.DELIVERED)
            && deliveries(splunk, null).stream().mapToInt(Delivery::eventCount).sum() == 2000
            && deliveries(siem, null).stream().mapToInt(Delivery::eventCount).sum() == 2000);
    for (AlertChannel c : List.of(splunk, siem)) {
      List<Delivery> rows = deliveries(c, null);
      assertThat(rows).as(c.name() + ": a handful of rows, not one per decision").hasSizeBetween(4, 12)
          .allSatisfy(d -> {
            assertThat(d.batch()).isTrue();
            assertThat(d.eventCount()).isLessThanOrEqualTo(500);
            assertThat(d.attempts()).isEqualTo(1);
          });
    }

    // Splunk HEC: one signed request per batch row, its body HEC event objects one after another.
    List<Receiver.Received> requests = r.received();
    assertThat(requests).hasSize(deliveries(splunk, null).size());
    List<String> hecIds = new ArrayList<>();
    for (Receiver.Received x : requests) {
      assertThat(x.path()).isEqualTo("/services/collector/event");
      assertThat(x.header("Authorization")).isEqualTo("Splunk 1234");
      assertThat(x.header("X-Airlock-Signature")).isEqualTo("sha256=" + WebhookMessage.hmac("hook-secret", x.body()));
      try (var parser = JSON.createParser(x.body())) {
        var events = JSON.readValues(parser, JsonNode.class);
        while (events.hasNext()) {
          JsonNode hec = events.next();
          assertThat(hec.get("sourcetype").asText()).isEqualTo("airlock:decision");
          assertThat(hec.get("host").asText()).isEqualTo("node-1");
          assertThat(hec.get("time").asDouble()).isEqualTo(TestEvents.TIME.toEpochMilli() / 1000.0);
          hecIds.add(hec.at("/event/event_id").asText());
          assertThat(hec.at("/event/decision/id").asText()).isEqualTo(hec.at("/event/event_id").asText());
        }
      }
    }
    assertThat(hecIds).hasSize(2000);
    assertThat(new HashSet<>(hecIds)).isEqualTo(expected);

    // Syslog: rsyslogd split the octet-counted stream into exactly the 2 000 CEF messages.
    List<String> lines = rsyslog.awaitLines(l -> l.size() >= 2000, Duration.ofSeconds(30));
    assertThat(lines).hasSize(2000);
    List<String> cefIds = new ArrayList<>();
    for (String line : lines) {
      Matcher m = RFC5424.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      CefLine cef = CefLine.parse(m.group(7));
      assertThat(m.group(6)).isEqualTo(cef.signature());
      cefIds.add(cef.get("externalId"));
    }
    assertThat(new HashSet<>(cefIds)).isEqualTo(expected);
  }

  @Test
  void aBatchIsRetriedWholeAfterA500() throws Exception {
    Receiver r = receiver().answer(new Receiver.Answer(500, Map.of(), "intake broke"));
    AlertChannel c = hook(r, "json");
    new Node(5, traces("trc_", 3));
    Poll.until(Duration.ofSeconds(10), "delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 1);
    List<Receiver.Received> got = r.received();
    assertThat(got).hasSize(2);
    assertThat(arrayIds(got.get(0))).containsExactly("trc_0", "trc_1", "trc_2");
    assertThat(got.get(1).body()).as("the same batch again").isEqualTo(got.get(0).body());
    assertThat(Duration.ofNanos(got.get(1).nanoTime() - got.get(0).nanoTime())).isGreaterThan(Duration.ofMillis(150));
    Delivery d = deliveries(c, Delivery.Status.DELIVERED).get(0);
    assertThat(d.eventCount()).isEqualTo(3);
    assertThat(d.attempts()).isEqualTo(2);
  }

  @Test
  void a429HoldsTheBatchUntilRetryAfterWithoutCountingAnAttempt() {
    Receiver r = receiver().answer(new Receiver.Answer(429, Map.of("Retry-After", "2"), ""));
    AlertChannel c = hook(r, "datadog");
    new Node(1, traces("trc_", 4));
    Poll.until(Duration.ofSeconds(10), "delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 1);
    List<Receiver.Received> got = r.received();
    assertThat(got).hasSize(2);
    assertThat(Duration.ofNanos(got.get(1).nanoTime() - got.get(0).nanoTime())).as("nothing before Retry-After")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    // Datadog: one JSON array of logs per request.
    List<String> ids = new ArrayList<>();
    try {
      JSON.readTree(got.get(1).body()).forEach(log -> {
        assertThat(log.get("ddsource").asText()).isEqualTo("airlock");
        ids.add(log.at("/airlock/event_id").asText());
      });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    assertThat(ids).containsExactly("trc_0", "trc_1", "trc_2", "trc_3");
    assertThat(deliveries(c, Delivery.Status.DEAD)).as("one attempt allowed, yet a 429 is not a failure").isEmpty();
  }

  @Test
  void aBatchGoesDeadAsOneVisibleWithItsCountAndIsRetriedAsOne() {
    Receiver r = receiver().answer(Receiver.Answer.status(503), Receiver.Answer.status(502),
        Receiver.Answer.status(400));
    AlertChannel c = hook(r, "json");
    Node node = new Node(3, traces("trc_", 5));
    Poll.until(Duration.ofSeconds(10), "dead", () -> deliveries(c, Delivery.Status.DEAD).size() == 1);
    Delivery dead = deliveries(c, Delivery.Status.DEAD).get(0);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).isEqualTo("HTTP 400 from 127.0.0.1");
    JsonNode view = dead.toJson();
    assertThat(view.get("batch").asBoolean()).isTrue();
    assertThat(view.get("event_count").asInt()).isEqualTo(5);
    assertThat(view.get("event").size()).isEqualTo(5);
    assertThat(deliveries(c, null)).hasSize(1);
    assertThat(r.received()).hasSize(3);

    outbox.retry(c.id(), dead.id(), TestAudit.ACTOR, "default");
    node.worker.wake();
    Poll.until(Duration.ofSeconds(10), "delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 1);
    assertThat(r.received()).hasSize(4);
    assertThat(arrayIds(r.received().get(3))).containsExactly("trc_0", "trc_1", "trc_2", "trc_3", "trc_4");
  }

  @Test
  void aBatchIsDeliveredAfterARestartWhileTheReceiverWasDown() throws Exception {
    int port = freedPort();
    AlertChannel c = channel("{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'events': ['ALLOW', 'DENY'],"
        + " 'config': {'url': 'http://127.0.0.1:" + port + "/in', 'format': 'ndjson'}}");
    Node before = new Node(50, traces("trc_", 7));
    Poll.until(Duration.ofSeconds(10), "a failed attempt", () -> deliveries(c, Delivery.Status.PENDING).stream()
        .anyMatch(d -> d.attempts() > 0));
    assertThat(deliveries(c, Delivery.Status.PENDING)).singleElement().satisfies(d -> {
      assertThat(d.eventCount()).isEqualTo(7);
      assertThat(d.lastError()).startsWith("cannot reach 127.0.0.1");
    });
    before.close();
    open.remove(before);

    Receiver back = Receiver.on(port);
    open.add(back);
    new Node(50, List.of());
    Poll.until(Duration.ofSeconds(20), "delivered", () -> deliveries(c, Delivery.Status.DELIVERED).size() == 1);
    assertThat(back.received()).hasSize(1);
    List<String> ids = new ArrayList<>();
    for (String line : back.received().get(0).text().split("\n")) {
      ids.add(JSON.readTree(line).get("event_id").asText());
    }
    assertThat(ids).containsExactly("trc_0", "trc_1", "trc_2", "trc_3", "trc_4", "trc_5", "trc_6");
    assertThat(back.received().get(0).header("Content-Type")).isEqualTo("application/x-ndjson");
  }

  private static RsyslogReceiver startRsyslog(Path receiverDir) throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate();
    LeafCertificate leaf = new LeafMinter(ca).mint("localhost");
    return RsyslogReceiver.start(receiverDir, ca.exportPem(),
        pem("CERTIFICATE", leaf.certificate().getEncoded()) + ca.exportPem(),
        pem("PRIVATE KEY", leaf.privateKey().getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
