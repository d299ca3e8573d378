package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.Receiver;
import dev.airlock.admin.store.Poll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real node with SIEM channels declared in airlock.yaml: a syslog channel sending CEF over UDP to
 * a socket the test reads, and a webhook channel whose body is OCSF. A denied request reaches both,
 * in their formats, naming the trace. (The syslog sender against a real rsyslogd over UDP, TCP and
 * TLS is covered on its own.)
 */
class SiemChannelsEndToEndTest {
  private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";
  static AirlockHarness h;
  static Receiver webhook;
  static DatagramSocket syslog;
  static final List<String> datagrams = new CopyOnWriteArrayList<>();
  static Thread reader;

  @BeforeAll
  static void start() throws Exception {
    syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    syslog.setSoTimeout(200);
    reader = new Thread(() -> {
      byte[] buf = new byte[65_535];
      while (!syslog.isClosed()) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          syslog.receive(p);
          datagrams.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
          // poll for close
        } catch (Exception e) {
          return;
        }
      }
    }, "syslog-receiver");
    reader.setDaemon(true);
    reader.start();
    webhook = Receiver.start();
    h = new AirlockHarness();
    h.servers.add(webhook);
    h.https("slack.com");
    h.config("alerts:\n  channels:\n"
        + "    - name: siem-udp\n      type: syslog\n      env_names: ['*']\n      events: [DENY]\n"
        + "      config: {host: 127.0.0.1, port: " + syslog.getLocalPort() + ", protocol: udp, format: cef}\n"
        + "    - name: siem-ocsf\n      type: webhook\n      env_names: ['*']\n      events: [DENY]\n"
        + "      config: {url: '" + webhook.url("/ocsf") + "', format: ocsf}\n");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
    syslog.close();
  }

  @Test
  void aDenialReachesSyslogAsCefAndTheWebhookAsOcsf() throws Exception {
    Clients.Result r = h.curl("-X", "POST", "https://slack.com/api/chat.postMessage", "-H",
        "Content-Type: application/json", "--data-binary", "{\"channel\":\"C1\",\"text\":\"creds: " + SECRET + "\"}");
    assertThat(r.stdout()).contains("HTTP/1.1 403");
    String traceId = AirlockHarness.jsonBody(r.stdout()).get("trace_id").asText();

    Poll.until(Duration.ofSeconds(20), "the syslog datagram", () -> datagrams.stream().anyMatch(d -> d.contains(traceId)));
    String line = datagrams.stream().filter(d -> d.contains(traceId)).findFirst().orElseThrow();
    // RFC 5424 (<PRI>1 TIMESTAMP HOST APP PROCID MSGID -) carrying one CEF record.
    assertThat(line).matches("(?s)<\\d{1,3}>1 \\S+ \\S+ \\S+ \\S+ DENY - CEF:0\\|Airlock\\|Airlock\\|.*");
    String cef = line.substring(line.indexOf("CEF:0|"));
    assertThat(cef.split("(?<!\\\\)\\|")[4]).isEqualTo("DENY");
    assertThat(cef).contains("externalId=" + traceId).contains("dhost=slack.com").contains("suser=local-agent")
        .contains("cs1=").contains("SECRET_DETECTED").doesNotContain(SECRET);

    Poll.until(Duration.ofSeconds(20), "the OCSF webhook delivery", () -> !webhook.received().isEmpty());
    Receiver.Received got = webhook.received().get(0);
    assertThat(got.header("Content-Type")).startsWith("application/json");
    assertThat(got.text()).doesNotContain(SECRET);
    JsonNode events = AirlockHarness.JSON.readTree(got.body());
    assertThat(events.isArray()).isTrue();
    assertThat(events).extracting(e -> e.get("class_uid").asInt()).containsExactly(4002, 2004);
    for (JsonNode e : events) {
      assertThat(e.get("type_uid").asInt()).isEqualTo(e.get("class_uid").asInt() * 100 + e.get("activity_id").asInt());
      assertThat(e.at("/metadata/version").asText()).isEqualTo("1.8.0");
    }
    assertThat(events.get(0).toString()).contains(traceId);
  }

  @Test
  void aSyslogChannelWithAnUnreadableTrustFileIsRefusedByTheApi() throws Exception {
    String body = "{\"name\":\"bad-tls\",\"type\":\"syslog\",\"env_names\":[\"*\"],\"events\":[\"DENY\"],"
        + "\"config\":{\"host\":\"siem.example\",\"port\":6514,\"protocol\":\"tls\",\"ca_file\":\"/nonexistent/ca.pem\"}}";
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> h.admin("POST", "/api/v1/alert-channels", body)))
        .hasMessageContaining("-> 400").hasMessageContaining("config.ca_file");
  }
}
