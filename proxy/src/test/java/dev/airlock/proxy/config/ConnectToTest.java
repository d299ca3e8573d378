package dev.airlock.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectToTest {
  @Test
  void parsesCurlForm() {
    ConnectTo c = ConnectTo.parse("Slack.com:443:127.0.0.1:8443");
    assertThat(c).isEqualTo(new ConnectTo("slack.com", 443, "127.0.0.1", 8443));
    assertThat(c.matches("SLACK.COM", 443)).isTrue();
    assertThat(c.matches("slack.com", 80)).isFalse();
  }

  @Test
  void acceptsBracketedIpv6Address() {
    assertThat(ConnectTo.parse("api.github.com:443:[::1]:9443").address()).isEqualTo("::1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"slack.com", "slack.com:443", "slack.com:443:127.0.0.1", ":443:127.0.0.1:1",
      "slack.com:x:127.0.0.1:1", "slack.com:443:127.0.0.1:70000", "slack.com:443::1"})
  void rejectsMalformed(String spec) {
    assertThatThrownBy(() -> ConnectTo.parse(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: HOST:PORT:ADDR:PORT2");
  }
}
