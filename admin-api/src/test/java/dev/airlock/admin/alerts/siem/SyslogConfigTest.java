package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.certs.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theSpecExampleIsAccepted() throws Exception {
    Path ca = dir.resolve("siem-ca.pem");
    Files.writeString(ca, CertificateAuthority.generate().exportPem());

    SyslogConfig config = SyslogConfig.of(json("{\"host\": \"127.0.0.1\", \"port\": 6514, \"protocol\": \"tls\","
        + " \"format\": \"cef\", \"framing\": \"octet\", \"ca_file\": \"" + ca + "\"}"));

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(6514);
    assertThat(config.protocol()).isEqualTo(SyslogProtocol.TLS);
    assertThat(config.format()).isEqualTo(SiemFormat.CEF);
    assertThat(config.framing()).isEqualTo(SyslogFraming.OCTET);
    assertThat(config.caFile()).isEqualTo(ca);
  }

  @Test
  void defaults() {
    SyslogConfig config = SyslogConfig.of(Map.of("host", "siem.example"));
    assertThat(config.protocol()).isEqualTo(SyslogProtocol.UDP);
    assertThat(config.port()).isEqualTo(514);
    assertThat(config.framing()).isEqualTo(SyslogFraming.OCTET);
    assertThat(config.format()).isEqualTo(SiemFormat.CEF);
    assertThat(config.facility()).isEqualTo(SyslogFacility.LOCAL0);
    assertThat(config.udpMaxBytes()).isEqualTo(2048);
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(SyslogConfig.of(Map.of("host", "[::1]", "protocol", "TCP", "framing", "lf", "format", "ocsf",
        "facility", "authpriv")))
        .extracting(SyslogConfig::host, SyslogConfig::framing, SyslogConfig::format, SyslogConfig::facility)
        .containsExactly("::1", SyslogFraming.LF, SiemFormat.OCSF, SyslogFacility.AUTHPRIV);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "{};host;required",
      "{\"host\": \"\"};host;required",
      "{\"host\": \"tcp://siem:514\"};host;expected a host name",
      "{\"host\": \"siem example\"};host;expected a host name",
      "{\"host\": \"siem\", \"port\": 0};port;0 (expected: 1..65535)",
      "{\"host\": \"siem\", \"port\": 70000};port;70000 (expected: 1..65535)",
      "{\"host\": \"siem\", \"port\": \"x\"};port;expected an integer",
      "{\"host\": \"siem\", \"protocol\": \"http\"};protocol;http (expected: udp|tcp|tls)",
      "{\"host\": \"siem\", \"framing\": \"crlf\"};framing;crlf (expected: octet|lf)",
      "{\"host\": \"siem\", \"format\": \"leef\"};format;leef (expected: cef|ocsf|json)",
      "{\"host\": \"siem\", \"protocol\": \"tls\"};ca_file;required when protocol is tls",
      "{\"host\": \"siem\", \"protocol\": \"tls\", \"ca_file\": \"/nonexistent/ca.pem\"};ca_file;not a readable file",
      "{\"host\": \"siem\", \"facility\": \"local9\"};facility;local9 (expected one of",
      "{\"host\": \"siem\", \"udp_max_bytes\": 100};udp_max_bytes;100 (expected: 480..65000)",
      "{\"host\": \"siem\", \"cafile\": \"x\"};cafile;unknown key",
      "{\"host\": 5};host;expected a string"})
  void badConfigIsRejectedNamingTheKey(String config, String field, String message) {
    assertThatThrownBy(() -> SyslogConfig.of(json(config)))
        .isInstanceOfSatisfying(SyslogConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageStartingWith(field + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void caFileMustHoldPemCertificates() throws Exception {
    Path notPem = dir.resolve("ca.pem");
    Files.writeString(notPem, "not a certificate\n");
    assertThatThrownBy(() -> SyslogConfig.of(Map.of("host", "siem", "protocol", "tls", "ca_file", notPem.toString())))
        .isInstanceOf(SyslogConfigException.class)
        .hasMessageStartingWith("ca_file: " + notPem);
  }

  @Test
  void caFileOnlyWithTls() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, CertificateAuthority.generate().exportPem());
    assertThatThrownBy(() -> SyslogConfig.of(Map.of("host", "siem", "protocol", "tcp", "ca_file", ca.toString())))
        .hasMessage("ca_file: only used with protocol tls");
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
