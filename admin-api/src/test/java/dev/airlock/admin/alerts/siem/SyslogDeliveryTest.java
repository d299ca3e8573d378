package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.DecisionAlert;
import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sends alert events to a real rsyslogd over UDP, TCP (octet counting and LF framing) and TLS
 * (certificate and host name verified) and reads back what it received.
 */
class SyslogDeliveryTest {
  private static final Pattern RFC5424 =
      Pattern.compile("<(\\d+)>1 (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) - (.*)");
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private static CertificateAuthority ca;
  private static Path caFile;
  private static RsyslogReceiver receiver;

  private final Rfc5424 syslog = new Rfc5424(SyslogFacility.LOCAL0, "node-1", "77");

  @BeforeAll
  static void startReceiver() throws Exception {
    assumeTrue(RsyslogReceiver.installed(), "rsyslogd is not installed (scripts/dev/install-test-deps installs it)");
    ca = CertificateAuthority.generate();
    caFile = dir.resolve("siem-ca.pem");
    Files.writeString(caFile, ca.exportPem());
    Path receiverDir = Files.createDirectories(dir.resolve("rsyslog"));
    receiver = startReceiver(receiverDir, ca, "localhost");
  }

  @AfterAll
  static void stopReceiver() throws Exception {
    if (receiver != null) {
      receiver.close();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"udp,octet", "tcp,octet", "tcp,lf", "tls,octet", "tls,lf"})
  void cefArrivesWithEveryFieldIntact(String protocol, String framing) throws Exception {
    String host = protocol + "-" + framing + ".cef.example";
    List<DecisionAlert> events = List.of(awkward(host), plainDeny(host));
    SyslogConfig config = config(protocol, framing, "localhost");
    SiemMessages messages = new SiemMessages(SiemFormat.CEF, syslog, "1.2.3");

    try (SyslogSender sender = new SyslogSender(config)) {
      List<String> batch = new ArrayList<>();
      events.forEach(e -> batch.addAll(messages.messages(e)));
      sender.send(batch);
    }

    List<String> lines = received(host, 2);
    for (int i = 0; i < events.size(); i++) {
      Matcher syslogLine = parse(lines.get(i));
      assertThat(syslogLine.group(3)).isEqualTo("node-1");
      assertThat(syslogLine.group(4)).isEqualTo("airlock");
      assertThat(syslogLine.group(6)).isEqualTo(events.get(i).eventType());
      assertCefMatches(CefLine.parse(syslogLine.group(7)), events.get(i));
    }
    assertThat(Integer.parseInt(parse(lines.get(0)).group(1))).isEqualTo(16 * 8 + 3);
    assertThat(Integer.parseInt(parse(lines.get(1)).group(1))).isEqualTo(16 * 8 + 2);
  }

  @Test
  void ocsfArrivesAsValidOcsfJson() throws Exception {
    String host = "tcp-octet.ocsf.example";
    DecisionAlert event = withId(awkward(host), "trc_00000000000000000000000000000cf5");
    SiemMessages messages = new SiemMessages(SiemFormat.OCSF, syslog, "1.2.3");

    try (SyslogSender sender = new SyslogSender(config("tcp", "octet", "localhost"))) {
      sender.send(messages.messages(event));
    }

    OcsfSchema schema = OcsfSchema.load("/siem/ocsf-1.8.0-schema.json");
    ObjectMapper json = new ObjectMapper();
    List<String> lines = receivedContaining(event.trace().id(), 2);
    JsonNode http = json.readTree(parse(lines.get(0)).group(7));
    JsonNode finding = json.readTree(parse(lines.get(1)).group(7));
    assertThat(schema.problems(http, "http_activity")).isEmpty();
    assertThat(schema.problems(finding, "detection_finding")).isEmpty();
    assertThat(http.at("/actor/user/name").asText()).isEqualTo(event.trace().agent());
    assertThat(http.at("/http_request/url/path").asText()).isEqualTo(event.trace().path());
  }

  @Test
  void tlsRefusesAReceiverSignedByAnotherCa() throws Exception {
    Path otherCa = dir.resolve("other-ca.pem");
    Files.writeString(otherCa, CertificateAuthority.generate().exportPem());
    SyslogConfig config = SyslogConfig.of(Map.of("host", "localhost", "port", receiver.tlsPort(),
        "protocol", "tls", "ca_file", otherCa.toString()));

    try (SyslogSender sender = new SyslogSender(config)) {
      assertThatThrownBy(() -> sender.send(List.of(syslog.message("LOW", SiemTestEvents.TIME, "X", "untrusted"))))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void tlsRefusesACertificateForAnotherName() throws Exception {
    // The receiver's certificate names localhost, not 127.0.0.1.
    try (SyslogSender sender = new SyslogSender(config("tls", "octet", "127.0.0.1"))) {
      assertThatThrownBy(() -> sender.send(List.of(syslog.message("LOW", SiemTestEvents.TIME, "X", "wrong name"))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1");
    }
    assertThat(receiver.lines()).noneMatch(line -> line.contains("wrong name") || line.contains("untrusted"));
  }

  @ParameterizedTest
  @CsvSource({"tcp", "tls"})
  void aDownReceiverIsAnIoExceptionAndTheNextSendConnectsAgain(String protocol, @TempDir Path own) throws Exception {
    try (RsyslogReceiver restarted = startReceiver(own, ca, "localhost")) {
      Map<String, Object> settings = new HashMap<>(Map.of("host", "localhost", "protocol", protocol));
      settings.put("port", protocol.equals("tls") ? restarted.tlsPort() : restarted.port());
      if (protocol.equals("tls")) {
        settings.put("ca_file", caFile.toString());
      }
      SyslogConfig config = SyslogConfig.of(settings);
      String host = "restart.example";
      SiemMessages messages = new SiemMessages(SiemFormat.CEF, syslog, "1.2.3");
      try (SyslogSender sender = new SyslogSender(config)) {
        sender.send(messages.messages(plainDeny(host)));
        restarted.awaitLines(lines -> lines.size() == 1, WAIT);

        restarted.stopNow();
        assertThatThrownBy(() -> sender.send(messages.messages(awkward(host)))).isInstanceOf(IOException.class);

        restarted.restart();
        sender.send(messages.messages(awkward(host)));
        restarted.awaitLines(lines -> lines.size() == 2, WAIT);
        // The sender still holds the connection to the stopped daemon: it must notice and connect again.
        restarted.restart();
        sender.send(messages.messages(plainDeny(host)));
      }
      List<String> lines = restarted.awaitLines(l -> l.size() == 3, WAIT);
      assertThat(lines).extracting(line -> CefLine.parse(parse(line).group(7)).signature())
          .containsExactly("DENY", "REQUIRE_APPROVAL", "DENY");
    }
  }

  @Test
  void udpCutsAnOversizedMessageAndItStillParses() throws Exception {
    String host = "udp-cut.example";
    DecisionAlert big = new DecisionAlert(SiemTestEvents.trace("DENY", "DENY", "POST", host,
        "/" + "\\=".repeat(400), "agent", "t", "o", List.of("R".repeat(3000)), "r", 0.5, "HIGH", 403));
    SyslogConfig config = SyslogConfig.of(Map.of("host", "127.0.0.1", "port", receiver.port(), "protocol", "udp",
        "udp_max_bytes", 1024));
    try (SyslogSender sender = new SyslogSender(config)) {
      sender.send(new SiemMessages(SiemFormat.CEF, syslog, "1.2.3").messages(big));
    }
    String line = receivedContaining("request=https://" + host + "/", 1).get(0);
    assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    CefLine cef = CefLine.parse(parse(line).group(7));
    assertThat(cef.get("request")).startsWith("https://" + host + "/\\=\\=");
    assertThat(cef.get("dhost")).isNull();
  }

  private static void assertCefMatches(CefLine cef, DecisionAlert event) {
    var trace = event.trace();
    assertThat(cef.version()).isEqualTo("1.2.3");
    assertThat(cef.signature()).isEqualTo(trace.decision());
    assertThat(cef.severity()).isEqualTo(AlertSeverity.of(trace.severity()).cef());
    assertThat(cef.get("rt")).isEqualTo(Long.toString(trace.time().toEpochMilli()));
    assertThat(cef.get("suser")).isEqualTo(trace.agent().replace("\r\n", "\n"));
    assertThat(cef.get("request")).isEqualTo("https://" + trace.host() + trace.path());
    assertThat(cef.get("requestMethod")).isEqualTo(trace.method());
    assertThat(cef.get("dhost")).isEqualTo(trace.host());
    assertThat(cef.get("externalId")).isEqualTo(trace.id());
    assertThat(cef.get("act")).isEqualTo(trace.enforcedAction());
    assertThat(cef.labelled("reasons")).isEqualTo(String.join(",", trace.reasons()));
    assertThat(cef.labelled("env")).isEqualTo(trace.env());
    assertThat(cef.labelled("rule")).isEqualTo(trace.ruleRef());
    assertThat(cef.labelled("risk")).isEqualTo(Long.toString(Math.round(trace.riskScore() * 100)));
  }

  private static DecisionAlert awkward(String host) {
    return new DecisionAlert(SiemTestEvents.trace("REQUIRE_APPROVAL", "REQUIRE_APPROVAL", "PUT", host,
        "/a|b/c=d\\e?x=1&é=😀", "agént\\one|two=three\nline2\r\nline3", "tool|x", "op=y\\z",
        List.of("NEW_DESTINATION", "PII=EMAIL|X"), "policy\\a/rule=b|c", 0.456, "HIGH", 403));
  }

  private static DecisionAlert plainDeny(String host) {
    return new DecisionAlert(SiemTestEvents.trace("DENY", "DENY", "POST", host, "/api/chat.postMessage",
        "billing-bot", "slack", "post_message", List.of("SECRET_DETECTED"), "prod-guard/no-secrets", 0.91,
        "CRITICAL", 403));
  }

  private static SyslogConfig config(String protocol, String framing, String host) {
    Map<String, Object> config = new HashMap<>();
    config.put("host", host);
    config.put("protocol", protocol);
    config.put("port", protocol.equals("tls") ? receiver.tlsPort() : receiver.port());
    if (!protocol.equals("udp")) {
      config.put("framing", framing);
    }
    if (protocol.equals("tls")) {
      config.put("ca_file", caFile.toString());
    }
    return SyslogConfig.of(config);
  }

  /** The CEF lines rsyslogd received for events to {@code host}, once there are {@code count}. */
  private static List<String> received(String host, int count) throws Exception {
    return receivedContaining("dhost=" + host + " ", count);
  }

  private static List<String> receivedContaining(String marker, int count) throws Exception {
    return receiver.awaitLines(lines -> lines.stream().filter(l -> l.contains(marker)).count() >= count, WAIT)
        .stream()
        .filter(line -> line.contains(marker))
        .toList();
  }

  private static DecisionAlert withId(DecisionAlert event, String id) {
    var t = event.trace();
    return new DecisionAlert(new dev.airlock.proxy.trace.Trace(id, t.time(), t.env(), t.agent(), t.keyId(), t.tool(),
        t.operation(), t.verb(), t.method(), t.host(), t.path(), t.status(), t.decision(), t.enforcedAction(),
        t.reasons(), t.ruleRef(), t.riskScore(), t.severity(), t.dataClasses(), t.boundDataClasses(), t.bytesIn(),
        t.bytesOut(), t.policyMicros(), t.upstreamMillis(), t.approvalId()));
  }

  private static Matcher parse(String line) {
    Matcher matcher = RFC5424.matcher(line);
    assertThat(matcher.matches()).as(line).isTrue();
    return matcher;
  }

  private static RsyslogReceiver startReceiver(Path receiverDir, CertificateAuthority authority, String name)
      throws Exception {
    LeafCertificate leaf = new LeafMinter(authority).mint(name);
    return RsyslogReceiver.start(receiverDir, authority.exportPem(),
        pem("CERTIFICATE", leaf.certificate().getEncoded()) + authority.exportPem(),
        pem("PRIVATE KEY", leaf.privateKey().getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

}
