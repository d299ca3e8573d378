package dev.airlock.admin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code integrations.slack_response_origin}: Slack's own origin unless a test or dev stand-in is named. */
class IntegrationSettingsTest {
  @TempDir
  Path dir;

  NodeSettings resolve(Map<String, String> env, String yaml) throws Exception {
    Path config = yaml == null ? null : Files.writeString(dir.resolve("airlock.yaml"), yaml);
    return new SettingsResolver(env).resolve(new ServeFlags(null, config, null, null, null, null, List.of(), List.of(),
        null, null, null, null, false, false));
  }

  @Test
  void slacksOriginByDefaultAnotherFromTheFileOrTheVariable() throws Exception {
    assertThat(resolve(Map.of(), null).integrations().slackResponseOrigin())
        .isEqualTo(URI.create("https://hooks.slack.com"));
    assertThat(resolve(Map.of(), "integrations:\n  slack_response_origin: http://127.0.0.1:9099\n").integrations()
        .slackResponseOrigin()).isEqualTo(URI.create("http://127.0.0.1:9099"));
    assertThat(resolve(Map.of("AIRLOCK_SLACK_RESPONSE_ORIGIN", "https://slack-stub.dev.example:8443"),
        "integrations:\n  slack_response_origin: http://localhost:9099\n").integrations().slackResponseOrigin())
        .isEqualTo(URI.create("https://slack-stub.dev.example:8443"));
  }

  @Test
  void plainHttpOffLoopbackPathsUserInfoOtherSchemesAndUnknownKeysAreRefusedAtStartup() throws Exception {
    for (String bad : List.of("http://hooks.slack.com", "http://10.0.0.5:8080", "https://hooks.slack.com/actions",
        "https://user@hooks.slack.com", "ftp://hooks.slack.com", "hooks.slack.com", "https://hooks.slack.com?x=1",
        "https://hooks slack")) {
      assertThatThrownBy(() -> resolve(Map.of(), "integrations:\n  slack_response_origin: \"" + bad + "\"\n"))
          .as(bad).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("integrations.slack_response_origin: ");
    }
    assertThat(resolve(Map.of(), "integrations:\n  slack_response_origin: http://[::1]:9\n").integrations()
        .slackResponseOrigin().getPort()).isEqualTo(9);
    assertThatThrownBy(() -> resolve(Map.of(), "integrations:\n  slack_origin: https://hooks.slack.com\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("slack_origin");
  }
}
