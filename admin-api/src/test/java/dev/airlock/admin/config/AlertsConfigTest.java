package dev.airlock.admin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.alerts.AlertSettings;
import dev.airlock.admin.alerts.ChannelType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alerts} in airlock.yaml: channels validated at startup, one line naming a bad one. */
class AlertsConfigTest {
  @TempDir Path dir;

  private AlertSettings resolve(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("airlock.yaml"), yaml);
    return new SettingsResolver(Map.of()).resolve(new ServeFlags(null, file, null, null, null, null, List.of(),
        List.of(), null, null, null, null, false, false)).alerts();
  }

  @Test
  void channelsAndSettingsAreRead() throws Exception {
    AlertSettings a = resolve("alerts:\n  trace_url: https://airlock.example/traces/\n  max_attempts: 3\n"
        + "  channels:\n    - name: ops\n      type: discord\n      env_names: [default]\n"
        + "      config: {webhook_url: 'https://discord.com/api/webhooks/1/x'}\n"
        + "    - name: tg\n      type: telegram\n      env_names: ['*']\n"
        + "      config: {bot_token: '1:AAAAAAAAAAAAAAAAAAAAAAAA', chat_id: -100}\n");
    assertThat(a.maxAttempts()).isEqualTo(3);
    assertThat(a.traceUrl()).isEqualTo("https://airlock.example/traces/");
    assertThat(a.channels()).extracting(c -> c.type()).containsExactly(ChannelType.DISCORD, ChannelType.TELEGRAM);
    assertThat(a.channels().get(1).config().get("chat_id").asText()).isEqualTo("-100");
    assertThat(new SettingsResolver(Map.of()).resolve(ServeFlags.none()).alerts()).isEqualTo(AlertSettings.defaults());
  }

  @Test
  void aBadChannelStopsStartupWithOneLineNamingIt() {
    assertThatThrownBy(() -> resolve("alerts:\n  channels:\n    - name: ok\n      type: discord\n"
        + "      env_names: [default]\n      config: {webhook_url: 'https://d.example/1'}\n"
        + "    - name: broken\n      type: slack\n      env_names: [default]\n"
        + "      config: {signing_secret: 'do-not-print-me'}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("alerts.channels[1] (broken): config.webhook_url: required");
    assertThatThrownBy(() -> resolve("alerts:\n  channels:\n    - {name: a, type: discord, env_names: [default],"
        + " config: {webhook_url: 'https://d.example/1'}}\n    - {name: a, type: discord, env_names: [default],"
        + " config: {webhook_url: 'https://d.example/2'}}\n"))
        .isInstanceOf(ConfigException.class).hasMessage("alerts.channels[1] (a): another channel has this name");
    assertThatThrownBy(() -> resolve("alerts:\n  max_attempts: 0\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("alerts.max_attempts");
    assertThatThrownBy(() -> resolve("alerts:\n  retries: 3\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("alerts.retries: unknown key");
  }
}
