package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetTest {
  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "slack.com:443, -1, slack.com, 443",
      "Slack.COM:8443, -1, slack.com, 8443",
      "slack.com, -1, null, 0",
      "slack.com, 443, slack.com, 443",
      "[::1]:443, -1, ::1, 443",
      "[::1], 80, ::1, 80",
      "::1:443, -1, null, 0",
      "slack.com:0, -1, null, 0",
      "slack.com:65536, -1, null, 0",
      "slack.com:abc, -1, null, 0",
      ":443, -1, null, 0",
      "bad host:443, -1, null, 0",
      "evil.com/x:443, -1, null, 0"
  })
  void parsesHostPort(String text, int defaultPort, String host, int port) {
    Target.HostPort hp = Target.parseHostPort(text, defaultPort);
    if (host == null) {
      assertThat(hp).isNull();
    } else {
      assertThat(hp).isEqualTo(new Target.HostPort(host, port));
    }
  }

  @ParameterizedTest
  @CsvSource({
      "slack.com, 443, true, slack.com",
      "slack.com, 8443, true, slack.com:8443",
      "example.org, 80, false, example.org",
      "::1, 443, true, [::1]"
  })
  void authorityOmitsDefaultPort(String host, int port, boolean tls, String expected) {
    assertThat(new Target(host, port, tls).authority()).isEqualTo(expected);
  }
}
