package dev.airlock.admin.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.e2e.RecordingUpstream;
import dev.airlock.admin.e2e.TestPki;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Where replies to chat apps may go: a response URL only on the configured origin, and over TLS
 * only to a server the JVM's trust store vouches for.
 */
class ChatRepliesTest {
  final ChatHttp http = new ChatHttp(SlackClicks.JSON);

  @Test
  void aResponseUrlMustHaveTheOriginsSchemeHostAndPortAndNoUserInfo() {
    SlackResponder slack = new SlackResponder(URI.create("https://hooks.slack.com"), http);
    assertThat(slack.onOrigin("https://hooks.slack.com/actions/T1/2/abc")).isNotNull();
    assertThat(slack.onOrigin("https://HOOKS.slack.com:443/actions/T1/2/abc")).isNotNull();
    assertThat(slack.onOrigin("http://hooks.slack.com/actions/T1/2/abc")).isNull();
    assertThat(slack.onOrigin("https://hooks.slack.com:8443/actions")).isNull();
    assertThat(slack.onOrigin("https://hooks.slack.com.evil.example/actions")).isNull();
    assertThat(slack.onOrigin("https://evil.example/hooks.slack.com")).isNull();
    assertThat(slack.onOrigin("https://x@hooks.slack.com/actions")).isNull();
    assertThat(slack.onOrigin("")).isNull();
    assertThat(slack.onOrigin(null)).isNull();
    assertThat(slack.onOrigin("https://hooks.slack.com/a b")).isNull();
  }

  @Test
  void aReplyReachesAReceiverOnTheOriginAndNeverOneWhoseCertificateTheJvmDoesNotTrust() throws Exception {
    ObjectNode message = SlackClicks.JSON.createObjectNode().put("text", "hello");
    try (RecordingUpstream plain = new RecordingUpstream(null);
        RecordingUpstream untrusted = new RecordingUpstream(new TestPki().serverContext("localhost"))) {
      SlackResponder local = new SlackResponder(URI.create("http://127.0.0.1:" + plain.port()), http);
      assertThat(local.post("http://127.0.0.1:" + plain.port() + "/actions/1", message).get(15, TimeUnit.SECONDS))
          .isTrue();
      assertThat(plain.received()).hasSize(1);
      assertThat(plain.received().get(0).bodyText()).isEqualTo("{\"text\":\"hello\"}");
      assertThat(plain.received().get(0).header("Content-Type")).startsWith("application/json");

      SlackResponder tls = new SlackResponder(URI.create("https://localhost:" + untrusted.port()), http);
      assertThat(tls.post("https://localhost:" + untrusted.port() + "/actions/1", message).get(15, TimeUnit.SECONDS))
          .as("a certificate from a CA the JVM does not trust").isFalse();
      assertThat(untrusted.received()).isEmpty();
    }
  }
}
