package dev.airlock.admin.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Channel definitions: the shape of SPEC §7, per-type config checks, and write-only secrets. */
class ChannelSpecParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXabcd";

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void aSyslogChannelIsCheckedAsItsSenderWillUseIt() {
    assertThatThrownBy(() -> ChannelSpecParser.create(json("{'name': 's', 'type': 'syslog', 'env_names': ['*'],"
        + " 'config': {'host': '127.0.0.1', 'port': 6514, 'protocol': 'tls', 'ca_file': '/nonexistent/ca.pem'}}")))
        .hasMessageContaining("config.ca_file").hasMessageContaining("not a readable file");
    assertThatThrownBy(() -> ChannelSpecParser.create(json("{'name': 's', 'type': 'syslog', 'env_names': ['*'],"
        + " 'config': {'host': '127.0.0.1', 'port': 6514, 'protocol': 'tls'}}")))
        .hasMessageContaining("config.ca_file");
    assertThatThrownBy(() -> ChannelSpecParser.create(json("{'name': 's', 'type': 'syslog', 'env_names': ['*'],"
        + " 'config': {'host': '127.0.0.1', 'port': 514, 'protocol': 'udp', 'facility': 'nosuch'}}")))
        .hasMessageContaining("config.facility");
  }

  @Test
  void theSpecExampleIsAcceptedWithItsDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path ca = dir.resolve("siem-ca.pem");
    java.nio.file.Files.writeString(ca, dev.airlock.certs.CertificateAuthority.generate().exportPem());
    ChannelSpec s = ChannelSpecParser.create(json("{'name': 'siem-prod', 'type': 'syslog', 'env_names': ['production'],"
        + " 'events': ['DENY', 'REQUIRE_APPROVAL', 'SANITIZE', 'INCIDENT'], 'min_severity': 'LOW', 'tools': [],"
        + " 'agents': [], 'config': {'host': '127.0.0.1', 'port': 6514, 'protocol': 'tls', 'format': 'cef',"
        + " 'framing': 'octet', 'ca_file': '" + ca + "'}}"));
    assertThat(s.type()).isEqualTo(ChannelType.SYSLOG);
    assertThat(s.envNames()).containsExactly("production");
    assertThat(s.events()).containsExactly("DENY", "REQUIRE_APPROVAL", "SANITIZE", "INCIDENT");
    assertThat(s.config().get("port").asInt()).isEqualTo(6514);
    assertThat(s.enabled()).isTrue();

    ChannelSpec minimal = ChannelSpecParser.create(json("{'name': 'ops', 'type': 'discord', 'env_names': ['*'],"
        + " 'config': {'webhook_url': 'https://discord.com/api/webhooks/1/abc'}}"));
    assertThat(minimal.events()).containsExactly("DENY", "REQUIRE_APPROVAL", "INCIDENT");
    assertThat(minimal.minSeverity()).isEqualTo("LOW");
    assertThat(minimal.allEnvironments()).isTrue();
    ChannelSpec webhook = ChannelSpecParser.create(json("{'name': 'w', 'type': 'webhook', 'env_names': ['default'],"
        + " 'config': {'url': 'https://siem.example/intake'}}"));
    assertThat(webhook.config().get("format").asText()).isEqualTo("json");
    ChannelSpec telegram = ChannelSpecParser.create(json("{'name': 't', 'type': 'telegram', 'env_names': ['default'],"
        + " 'config': {'bot_token': '123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'chat_id': -100123}}"));
    assertThat(telegram.config().get("api_base").asText()).isEqualTo("https://api.telegram.org");
    assertThat(telegram.config().get("chat_id").asText()).isEqualTo("-100123");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing name|{'type': 'slack', 'env_names': ['default'], 'config': {}}|name",
      "bad type|{'name': 'a', 'type': 'pager', 'env_names': ['default'], 'config': {}}|type",
      "no env|{'name': 'a', 'type': 'discord', 'env_names': [], 'config': {'webhook_url': 'https://d/x'}}|env_names",
      "star mixed|{'name': 'a', 'type': 'discord', 'env_names': ['*', 'x1'], 'config': {'webhook_url': 'https://d/x'}}|env_names",
      "bad event|{'name': 'a', 'type': 'discord', 'env_names': ['default'], 'events': ['BLOCK'], 'config': {'webhook_url': 'https://d/x'}}|events",
      "bad severity|{'name': 'a', 'type': 'discord', 'env_names': ['default'], 'min_severity': 'HUGE', 'config': {'webhook_url': 'https://d/x'}}|min_severity",
      "unknown field|{'name': 'a', 'type': 'discord', 'env_names': ['default'], 'colour': 1, 'config': {'webhook_url': 'https://d/x'}}|colour",
      "slack without url|{'name': 'a', 'type': 'slack', 'env_names': ['default'], 'config': {}}|config.webhook_url",
      "slack ftp url|{'name': 'a', 'type': 'slack', 'env_names': ['default'], 'config': {'webhook_url': 'ftp://x/y'}}|config.webhook_url",
      "unknown config key|{'name': 'a', 'type': 'teams', 'env_names': ['default'], 'config': {'webhook_url': 'https://t/x', 'channel': 'c'}}|config.channel",
      "telegram bad token|{'name': 'a', 'type': 'telegram', 'env_names': ['default'], 'config': {'bot_token': 'nope', 'chat_id': 1}}|config.bot_token",
      "telegram no chat|{'name': 'a', 'type': 'telegram', 'env_names': ['default'], 'config': {'bot_token': '1:AAAAAAAAAAAAAAAAAAAAAAAA'}}|config.chat_id",
      "webhook bad format|{'name': 'a', 'type': 'webhook', 'env_names': ['default'], 'config': {'url': 'https://x/y', 'format': 'xml'}}|config.format",
      "webhook reserved header|{'name': 'a', 'type': 'webhook', 'env_names': ['default'], 'config': {'url': 'https://x/y', 'headers': {'Host': 'evil'}}}|config.headers",
      "syslog bad port|{'name': 'a', 'type': 'syslog', 'env_names': ['default'], 'config': {'host': 'h', 'port': 70000}}|config.port",
      "syslog bad protocol|{'name': 'a', 'type': 'syslog', 'env_names': ['default'], 'config': {'host': 'h', 'port': 514, 'protocol': 'http'}}|config.protocol",
      "syslog ca on udp|{'name': 'a', 'type': 'syslog', 'env_names': ['default'], 'config': {'host': 'h', 'port': 514, 'protocol': 'udp', 'ca_file': '/x'}}|config.ca_file",
  })
  void invalidDefinitionsNameTheirField(String what, String body, String field) {
    assertThatThrownBy(() -> ChannelSpecParser.create(json(body)))
        .isInstanceOf(ChannelException.class)
        .satisfies(e -> assertThat(((ChannelException) e).field()).isEqualTo(field));
  }

  @Test
  void errorsNeverRepeatASecret() {
    assertThatThrownBy(() -> ChannelSpecParser.create(json("{'name': 'a', 'type': 'telegram', 'env_names': ['default'],"
        + " 'config': {'bot_token': 'super-secret-value', 'chat_id': 1}}")))
        .isInstanceOf(ChannelException.class)
        .hasMessageNotContaining("super-secret-value");
  }

  @Test
  void secretsAreMaskedWhenShownAndKeptWhenAnUpdateLeavesThemOutOrMasked() {
    ChannelSpec s = ChannelSpecParser.create(json("{'name': 'a', 'type': 'webhook', 'env_names': ['default'],"
        + " 'config': {'url': 'https://splunk.example:8088/services/collector?token=zzzzzzzzzzzz',"
        + " 'secret': 'sign-with-this-secret-1234', 'headers': {'Authorization': 'Splunk 0000-1111-2222-3333'}}}"));
    ObjectNode shown = ChannelJson.spec(s);
    String text = shown.toString();
    assertThat(text).doesNotContain("sign-with-this-secret", "0000-1111-2222", "zzzzzzzzzzzz");
    assertThat(shown.at("/config/secret").asText()).isEqualTo("****1234");
    assertThat(shown.at("/config/headers/Authorization").asText()).isEqualTo("****3333");
    assertThat(shown.at("/config/url").asText()).startsWith("https://splunk.example:8088/****");

    // What a client read back (masked) and sent again keeps every stored secret.
    ChannelSpec same = ChannelSpecParser.update(s, json("{'config': " + shown.get("config") + "}"));
    assertThat(same.config()).isEqualTo(s.config());
    ChannelSpec renamed = ChannelSpecParser.update(s, json("{'name': 'b', 'min_severity': 'HIGH'}"));
    assertThat(renamed.config()).isEqualTo(s.config());
    assertThat(renamed.minSeverity()).isEqualTo("HIGH");
    ChannelSpec rotated = ChannelSpecParser.update(s, json("{'config': {'secret': 'a-new-secret-abcdefgh'}}"));
    assertThat(rotated.config().get("secret").asText()).isEqualTo("a-new-secret-abcdefgh");
    assertThat(rotated.config().get("headers")).isEqualTo(s.config().get("headers"));
    ChannelSpec unsigned = ChannelSpecParser.update(s, json("{'config': {'secret': null}}"));
    assertThat(unsigned.config().has("secret")).isFalse();
    assertThatThrownBy(() -> ChannelSpecParser.update(s, json("{'type': 'slack'}")))
        .isInstanceOf(ChannelException.class).hasMessageContaining("cannot change");
    assertThat(ChannelConfigs.mask("short")).isEqualTo("<set>");
  }

  @Test
  void slackSecretsAreMaskedToo() {
    ChannelSpec s = ChannelSpecParser.create(json("{'name': 'a', 'type': 'slack', 'env_names': ['default'],"
        + " 'config': {'webhook_url': '" + SLACK_URL + "', 'signing_secret': '8f742231b10e8888abcd',"
        + " 'bot_token': 'xoxb-1234-5678-abcdefgh'}}"));
    String shown = ChannelJson.spec(s).toString();
    assertThat(shown).doesNotContain("XXXXXXXXXXXX", "8f742231b10e", "xoxb-1234");
    assertThat(shown).contains("https://hooks.slack.com/****abcd");
  }
}
