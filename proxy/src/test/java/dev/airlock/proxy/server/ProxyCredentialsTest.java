package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ProxyCredentialsTest {
  private static String basic(String s) {
    return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesAgentAndKeyWithColonsInKey() {
    assertThat(ProxyCredentials.parse(basic("agent-1:k:e:y"))).contains(new ProxyCredentials("agent-1", "k:e:y"));
    assertThat(ProxyCredentials.parse("basic " + basic("a:b").substring(6))).isPresent();
  }

  @Test
  void rejectsMissingOrMalformed() {
    assertThat(ProxyCredentials.parse(null)).isEmpty();
    assertThat(ProxyCredentials.parse("Bearer abc")).isEmpty();
    assertThat(ProxyCredentials.parse("Basic !!!")).isEmpty();
    assertThat(ProxyCredentials.parse(basic("nocolon"))).isEmpty();
    assertThat(ProxyCredentials.parse(basic(":key"))).isEmpty();
    assertThat(ProxyCredentials.parse(basic("agent:"))).isEmpty();
  }

  @Test
  void neverPrintsTheKey() {
    assertThat(new ProxyCredentials("a", "s3cret").toString()).doesNotContain("s3cret");
  }
}
