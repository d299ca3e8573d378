package dev.airlock.admin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.incidents.IncidentConfig;
import dev.airlock.admin.incidents.IncidentTrigger;
import dev.airlock.admin.incidents.TriggerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** airlock.yaml's {@code incidents} section: triggers, auto-actions and ticket systems, checked at start. */
class IncidentSettingsConfigTest {
  @TempDir
  Path dir;

  private NodeSettings resolve(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("airlock-" + System.nanoTime() + ".yaml"), yaml);
    return new SettingsResolver(Map.of()).resolve(
        new ServeFlags(null, file, null, null, null, null, List.of(), List.of(), null, null));
  }

  @Test
  void defaultsFollowTheSpecification() {
    IncidentConfig c = new SettingsResolver(Map.of()).resolve(ServeFlags.none()).incidents();
    TriggerSettings burst = c.rules().of(IncidentTrigger.DENY_BURST);
    assertThat(burst.enabled()).isTrue();
    assertThat(burst.threshold()).isEqualTo(5);
    assertThat(burst.window()).isEqualTo(Duration.ofHours(1));
    assertThat(c.rules().of(IncidentTrigger.READ_THEN_WRITE).window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.rules().of(IncidentTrigger.TRUST_DROP).threshold()).isEqualTo(0.3);
    assertThat(c.rules().of(IncidentTrigger.CRITICAL_DENY).threshold()).isEqualTo(1);
    assertThat(c.tickets().jira()).isNull();
    assertThat(c.tickets().linear()).isNull();
  }

  @Test
  void triggersAutoActionsAndTicketsAreRead() throws Exception {
    IncidentConfig c = resolve(String.join("\n",
        "incidents:",
        "  auto_actions: {lower_trust: false, pin_scrutiny_hours: 4, pin_multiplier: 1.5, alert: true}",
        "  triggers:",
        "    deny_burst: {threshold: 10, window: 30m, severity: critical}",
        "    trust_drop: {threshold: 0.4}",
        "    ephemeral_scope: {enabled: false, auto_actions: {pin_scrutiny_hours: 0}}",
        "  tickets:",
        "    jira: {base_url: 'https://acme.atlassian.net', project_key: SEC, email: bot@acme.test,"
            + " api_token: tok-123}",
        "    linear: {api_key: lin_api_abc, team_id: team-9}",
        "")).incidents();
    TriggerSettings burst = c.rules().of(IncidentTrigger.DENY_BURST);
    assertThat(burst.threshold()).isEqualTo(10);
    assertThat(burst.window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(burst.severity()).isEqualTo("CRITICAL");
    assertThat(burst.autoActions().lowerTrust()).isFalse();
    assertThat(burst.autoActions().pinScrutinyHours()).isEqualTo(4);
    assertThat(c.rules().of(IncidentTrigger.TRUST_DROP).threshold()).isEqualTo(0.4);
    TriggerSettings scope = c.rules().of(IncidentTrigger.EPHEMERAL_SCOPE);
    assertThat(scope.enabled()).isFalse();
    assertThat(scope.autoActions().pinScrutinyHours()).isZero();
    assertThat(scope.autoActions().pinMultiplier()).as("the shared value stays").isEqualTo(1.5);
    assertThat(c.tickets().jira().issueType()).isEqualTo("Task");
    assertThat(c.tickets().linear().apiUrl().toString()).isEqualTo("https://api.linear.app/graphql");
    assertThat(c.toString()).as("secrets are masked").doesNotContain("tok-123").doesNotContain("lin_api_abc");
  }

  @Test
  void mistakesAreRefusedWithTheirPath() {
    Map<String, String> bad = Map.of(
        "incidents:\n  triggers:\n    deny_bursts: {threshold: 3}\n", "incidents.triggers.deny_bursts: unknown trigger",
        "incidents:\n  triggers:\n    deny_burst: {threshold: 2.5}\n", "incidents.triggers.deny_burst.threshold",
        "incidents:\n  triggers:\n    trust_drop: {threshold: 3}\n", "incidents.triggers.trust_drop.threshold",
        "incidents:\n  triggers:\n    deny_burst: {window: soon}\n", "incidents.triggers.deny_burst.window",
        "incidents:\n  triggers:\n    deny_burst: {severity: urgent}\n", "incidents.triggers.deny_burst.severity",
        "incidents:\n  auto_actions: {pin_hours: 3}\n", "incidents.auto_actions.pin_hours: unknown key",
        "incidents:\n  tickets:\n    jira: {base_url: 'https://x.test', project_key: S}\n",
        "incidents.tickets.jira.email: required",
        "incidents:\n  tickets:\n    linear: {api_key: k, team_id: t, api_url: 'ftp://x'}\n",
        "incidents.tickets.linear.api_url",
        "incidents:\n  alerts: true\n", "incidents.alerts: unknown key");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      assertThatThrownBy(() -> resolve(e.getKey())).as(e.getKey()).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(e.getValue());
    }
  }

  @Test
  void theExampleConfigurationDocumentsTheDefaults() {
    NodeSettings s = new SettingsResolver(Map.of()).resolve(new ServeFlags(null, Path.of("..", "conf",
        "airlock.example.yaml"), null, null, null, null, List.of(), List.of(), null, null));
    assertThat(s.incidents().rules()).isEqualTo(IncidentConfig.defaults().rules());
  }
}
