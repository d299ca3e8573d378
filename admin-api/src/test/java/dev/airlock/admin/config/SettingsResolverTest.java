package dev.airlock.admin.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.store.RetentionWindows;
import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.exfil.ReadFingerprints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {
  @TempDir
  Path dir;

  @Test
  void defaultsWithoutAnyConfiguration() {
    NodeSettings s = new SettingsResolver(Map.of()).resolve(ServeFlags.none());
    assertThat(s.dataDir()).isEqualTo(Path.of("data"));
    assertThat(s.dbUrl()).isNull();
    assertThat(s.proxy().listenHost()).isEqualTo("127.0.0.1");
    assertThat(s.proxy().listenPort()).isEqualTo(3128);
    assertThat(s.adminPort()).isEqualTo(3180);
    assertThat(s.proxy().allowedPorts()).containsExactlyInAnyOrder(443, 80, 8443);
    assertThat(s.proxy().inspectMaxBytes()).isEqualTo(1024 * 1024);
    assertThat(s.proxy().oversizePolicy()).isEqualTo(OversizePolicy.DENY);
    assertThat(s.proxy().limits().ioThreads()).isZero();
    assertThat(s.proxy().limits().effectiveIoThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(s.ca()).isEqualTo(CaSettings.none());
    assertThat(s.retention()).isEqualTo(new RetentionWindows(365, 90));
    assertThat(s.approvals()).isEqualTo(new ApprovalSettings(Duration.ofMinutes(10), Duration.ofHours(24)));
  }

  @Test
  void approvalSettingsFromTheFileOrVariablesValidatedAtStartup() throws Exception {
    Path config = Files.writeString(dir.resolve("a.yaml"), "approvals:\n  grant_window: 5m\n  expire_after: 2h\n");
    assertThat(new SettingsResolver(Map.of()).resolve(caFlags(config, null, false)).approvals())
        .isEqualTo(new ApprovalSettings(Duration.ofMinutes(5), Duration.ofHours(2)));
    assertThat(new SettingsResolver(Map.of("AIRLOCK_APPROVALS_GRANT_WINDOW", "0s"))
        .resolve(caFlags(config, null, false)).approvals().grantWindow()).isZero();
    assertThat(new SettingsResolver(Map.of("AIRLOCK_APPROVALS_EXPIRE_AFTER", "7d")).resolve(ServeFlags.none())
        .approvals().expireAfter()).isEqualTo(Duration.ofDays(7));

    Path zero = Files.writeString(dir.resolve("b.yaml"), "approvals:\n  expire_after: 0s\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(zero, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("approvals.expire_after: ");
    Path words = Files.writeString(dir.resolve("c.yaml"), "approvals:\n  grant_window: ten minutes\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(words, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("grant_window");
    Path typo = Files.writeString(dir.resolve("d.yaml"), "approvals:\n  window: 10m\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(typo, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("approvals.window: unknown key");
    assertThatThrownBy(() -> new SettingsResolver(Map.of("AIRLOCK_APPROVALS_GRANT_WINDOW", "soon"))
        .resolve(ServeFlags.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("AIRLOCK_APPROVALS_GRANT_WINDOW: \"soon\"");
  }

  @Test
  void theDeploymentCaKeyComesFromTheFlagAVariableOrTheConfigFile() throws Exception {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    Path keyFile = Files.writeString(dir.resolve("ca-key"), key + "\n");
    Path config = Files.writeString(dir.resolve("a.yaml"), "ca:\n  key_file: ca-key\n");

    CaSettings fromFlag = new SettingsResolver(Map.of()).resolve(caFlags(null, keyFile, true)).ca();
    assertThat(fromFlag.seal()).isNotNull();
    assertThat(fromFlag.keySource()).isEqualTo("--ca-key-file " + keyFile);
    assertThat(fromFlag.adopt()).isTrue();
    assertThat(new SettingsResolver(Map.of("AIRLOCK_CA_KEY", key)).resolve(ServeFlags.none()).ca().keySource())
        .isEqualTo("AIRLOCK_CA_KEY");
    assertThat(new SettingsResolver(Map.of("AIRLOCK_CA_KEY_FILE", keyFile.toString(), "AIRLOCK_ADOPT_CA", "true"))
        .resolve(ServeFlags.none()).ca())
        .satisfies(c -> assertThat(c.keySource()).isEqualTo("AIRLOCK_CA_KEY_FILE " + keyFile))
        .satisfies(c -> assertThat(c.adopt()).isTrue());
    assertThat(new SettingsResolver(Map.of()).resolve(caFlags(config, null, false)).ca().keySource())
        .isEqualTo("ca.key_file " + keyFile);
    assertThat(new SettingsResolver(Map.of()).resolve(caFlags(null, keyFile, false)).toString()).doesNotContain(key);

    assertThatThrownBy(() -> new SettingsResolver(Map.of("AIRLOCK_CA_KEY", "c2hvcnQ=")).resolve(ServeFlags.none()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("AIRLOCK_CA_KEY: 5 bytes (expected: 32 random bytes in base64, e.g. from 'openssl rand -base64 32')");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(null, dir.resolve("missing"), false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--ca-key-file " + dir.resolve("missing") + ": cannot read it");
    assertThatThrownBy(() -> new SettingsResolver(Map.of("AIRLOCK_CA_KEY", key, "AIRLOCK_CA_KEY_FILE", "x"))
        .resolve(ServeFlags.none()))
        .hasMessage("AIRLOCK_CA_KEY and AIRLOCK_CA_KEY_FILE are both set (expected: one of them)");
    assertThat(new SettingsResolver(Map.of("AIRLOCK_RECORD_CA", "1")).resolve(ServeFlags.none()).ca().record()).isTrue();
    assertThatThrownBy(() -> new SettingsResolver(Map.of("AIRLOCK_RECORD_CA", "1", "AIRLOCK_ADOPT_CA", "yes"))
        .resolve(ServeFlags.none()))
        .hasMessage("--adopt-ca and --record-ca are both set (expected: one of them)");
  }

  @Test
  void theThreatIntelDirectoryComesFromTheVariableTheFileOrHome() throws Exception {
    assertThat(new SettingsResolver(Map.of("AIRLOCK_HOME", "/opt/airlock")).resolve(ServeFlags.none())
        .threatIntelDir()).isEqualTo(Path.of("/opt/airlock/conf/threat-intel"));
    Path config = Files.writeString(dir.resolve("t.yaml"), "threat_intel_dir: /srv/feeds\n");
    assertThat(new SettingsResolver(Map.of()).resolve(caFlags(config, null, false)).threatIntelDir())
        .isEqualTo(Path.of("/srv/feeds"));
    assertThat(new SettingsResolver(Map.of("AIRLOCK_THREAT_INTEL_DIR", "/var/feeds"))
        .resolve(caFlags(config, null, false)).threatIntelDir()).isEqualTo(Path.of("/var/feeds"));
  }

  @Test
  void retentionWindowsFromTheFileOrVariables() throws Exception {
    Path config = Files.writeString(dir.resolve("a.yaml"), "retention:\n  production_days: 400\n  other_days: 30\n");
    assertThat(new SettingsResolver(Map.of()).resolve(caFlags(config, null, false)).retention())
        .isEqualTo(new RetentionWindows(400, 30));
    assertThat(new SettingsResolver(Map.of("AIRLOCK_RETENTION_OTHER_DAYS", "7")).resolve(caFlags(config, null, false))
        .retention()).isEqualTo(new RetentionWindows(400, 7));
    Path bad = Files.writeString(dir.resolve("b.yaml"), "retention:\n  other_days: 0\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(bad, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessage("retention.other_days: 0 (expected: 1..36500)");
    Path typo = Files.writeString(dir.resolve("c.yaml"), "retention:\n  prod_days: 10\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(typo, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("retention.prod_days: unknown key");
  }

  @Test
  void readThenWriteWindowAndBoundsFromTheFileOrTheVariable() throws Exception {
    assertThat(new SettingsResolver(Map.of()).resolve(ServeFlags.none()).readThenWrite())
        .isEqualTo(new ReadFingerprints.Settings(Duration.ofMinutes(5), 10_000, 500_000));
    Path config = Files.writeString(dir.resolve("r.yaml"),
        "read_then_write:\n  window: 90s\n  max_values_per_agent: 50\n  max_values: 1000\n");
    assertThat(new SettingsResolver(Map.of()).resolve(caFlags(config, null, false)).readThenWrite())
        .isEqualTo(new ReadFingerprints.Settings(Duration.ofSeconds(90), 50, 1000));
    assertThat(new SettingsResolver(Map.of("AIRLOCK_READ_THEN_WRITE_WINDOW", "10m")).resolve(caFlags(config, null, false))
        .readThenWrite().window()).isEqualTo(Duration.ofMinutes(10));
    Path bad = Files.writeString(dir.resolve("s.yaml"), "read_then_write:\n  max_values: 0\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(bad, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("read_then_write.");
    Path typo = Files.writeString(dir.resolve("t.yaml"), "read_then_write:\n  windw: 1m\n");
    assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(typo, null, false)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("read_then_write.windw: unknown key");
  }

  @Test
  void riskSettingsFromTheFileAreValidatedAtStart() throws Exception {
    assertThat(new SettingsResolver(Map.of()).resolve(ServeFlags.none()).risk()).isEqualTo(RiskSettings.defaults());
    Path config = Files.writeString(dir.resolve("risk.yaml"), String.join("\n",
        "risk:",
        "  weights: {new_destination: 0.5, burst: 0}",
        "  working_hours: {days: [mon-fri], from: '08:00', to: '19:00', tz: Europe/Paris}",
        "  burst_per_minute: 120",
        "  trust_half_life: 6h", ""));
    RiskSettings risk = new SettingsResolver(Map.of()).resolve(caFlags(config, null, false)).risk();
    assertThat(risk.weights()).containsOnly(
        Map.entry(dev.airlock.proxy.policy.RiskSignal.NEW_DESTINATION, 0.5),
        Map.entry(dev.airlock.proxy.policy.RiskSignal.BURST, 0.0));
    assertThat(risk.workingHours().describe()).isEqualTo("mon,tue,wed,thu,fri 08:00-19:00 Europe/Paris");
    assertThat(risk.burstPerMinute()).isEqualTo(120);
    assertThat(risk.trustHalfLife()).isEqualTo(java.time.Duration.ofHours(6));
    assertThat(risk.model().weight(dev.airlock.proxy.policy.RiskSignal.NEW_DESTINATION)).isEqualTo(0.5);
    assertThat(risk.model().weight(dev.airlock.proxy.policy.RiskSignal.WRITE_VERB)).isEqualTo(0.1);

    Map<String, String> bad = Map.of(
        "risk:\n  weights: {new_destnation: 0.2}\n", "risk.weights.new_destnation: unknown key",
        "risk:\n  weights: {burst: 1.5}\n", "risk.weights.burst: 1.5 (expected: a number from 0 to 1)",
        "risk:\n  working_hours: {from: '8am', to: '18:00'}\n",
        "risk.working_hours.from: \"8am\" (expected: HH:MM, e.g. 08:00)",
        "risk:\n  working_hours: {from: '08:00', to: '18:00', tz: Europe/Nowhere}\n",
        "risk.working_hours.tz: \"Europe/Nowhere\" (expected: a time zone such as Europe/Berlin or UTC)",
        "risk:\n  burst_per_minute: -1\n", "risk.burst_per_minute: -1 (expected: 0 (off) or more)",
        "risk:\n  trust_half_life: soon\n", "risk.trust_half_life: \"soon\"",
        "risk:\n  trust: {}\n", "risk.trust: unknown key");
    int n = 0;
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Path file = Files.writeString(dir.resolve("bad-risk-" + n++ + ".yaml"), e.getKey());
      assertThatThrownBy(() -> new SettingsResolver(Map.of()).resolve(caFlags(file, null, false)))
          .as(e.getKey()).isInstanceOf(ConfigException.class).hasMessageStartingWith(e.getValue());
    }
  }

  private static ServeFlags caFlags(Path config, Path caKeyFile, boolean adopt) {
    return new ServeFlags(null, config, null, null, null, null, List.of(), List.of(), null, null, null, caKeyFile,
        adopt, false);
  }

  @Test
  void flagBeatsEnvironmentBeatsFile() throws Exception {
    Path file = Files.writeString(dir.resolve("a.yaml"), String.join("\n",
        "proxy:", "  listen: 127.0.0.1:1111", "  timeouts: {idle: 90s}", "admin:", "  listen: 127.0.0.1:2222",
        "data_dir: /from/file", "org_domains: [example.com]", ""));
    Map<String, String> env = Map.of("AIRLOCK_PROXY_LISTEN", "127.0.0.1:3333", "AIRLOCK_DATA_DIR", "/from/env",
        "AIRLOCK_CONNECT_TO", "a.com:443:127.0.0.1:1, b.com:443:127.0.0.1:2");
    ServeFlags flags = new ServeFlags(null, file, null, "127.0.0.1:4444", null, null, List.of(), List.of(), null, null);
    NodeSettings s = new SettingsResolver(env).resolve(flags);
    assertThat(s.proxy().listenPort()).isEqualTo(4444);
    assertThat(s.adminPort()).isEqualTo(2222);
    assertThat(s.dataDir()).isEqualTo(Path.of("/from/env"));
    assertThat(s.proxy().connectTo()).hasSize(2);
    assertThat(s.proxy().timeouts().idle()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.proxy().orgDomains()).containsExactly("example.com");
  }

  @Test
  void theExampleConfigurationShippedInConfIsValid() {
    Path example = Path.of("..", "conf", "airlock.example.yaml");
    assertThat(example).exists();
    NodeSettings s = new SettingsResolver(Map.of()).resolve(
        new ServeFlags(null, example, null, null, null, null, List.of(), List.of(), null, null));
    assertThat(s.proxy().limits().ioThreads()).isZero();
    assertThat(s.proxy().limits().maxConnectionsPerAgent()).isEqualTo(1024);
    assertThat(s.proxy().limits().maxIdleUpstream()).isEqualTo(1024);
    assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.proxy().limits().maxConnections()).as("derived at start").isZero();
    assertThat(s.proxy().limits().maxUnauthenticatedConnections()).isZero();
    assertThat(s.proxy().limits().maxUnauthenticatedPerSource()).isZero();
    assertThat(s.approvals()).isEqualTo(ApprovalSettings.defaults());
  }

  @Test
  void connectionCapsAreRead() throws Exception {
    ProxyConfig.Limits l = resolveFile("proxy:\n  limits: {max_connections: 5000, "
        + "max_unauthenticated_connections: 500, max_unauthenticated_per_source: 20}\n").proxy().limits();
    assertThat(l.maxConnections()).isEqualTo(5000);
    assertThat(l.maxUnauthenticatedConnections()).isEqualTo(500);
    assertThat(l.maxUnauthenticatedPerSource()).isEqualTo(20);
    assertThatThrownBy(() -> resolveFile("proxy:\n  limits: {max_unauthenticated_per_source: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("proxy.limits.max_unauthenticated_per_source: -1");
    assertThatThrownBy(() -> resolveFile("proxy:\n  limits: {max_connections: 9999999999}\n"))
        .hasMessageStartingWith("proxy.limits.max_connections: 9999999999");
  }

  @Test
  void unknownKeysAndBadValuesAreRejectedWithTheirPath() throws Exception {
    assertThatThrownBy(() -> resolveFile("proxy:\n  lisen: 127.0.0.1:1\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("proxy.lisen: unknown key");
    assertThatThrownBy(() -> resolveFile("proxy:\n  timeouts: {idle: forever}\n"))
        .hasMessageStartingWith("proxy.timeouts.idle: \"forever\"");
    assertThatThrownBy(() -> resolveFile("proxy:\n  limits: {io_threads: -1}\n"))
        .hasMessageStartingWith("proxy.limits.io_threads: -1");
    assertThat(resolveFile("proxy:\n  limits: {io_threads: 3}\n").proxy().limits().effectiveIoThreads()).isEqualTo(3);
    assertThatThrownBy(() -> resolveFile("proxy:\n  limits: {max_idle_upstream: -1}\n"))
        .hasMessage("proxy.limits.max_idle_upstream: -1 (expected: 0..1000000)");
    assertThat(resolveFile("proxy:\n  limits: {max_idle_upstream: 0}\n").proxy().limits().maxIdleUpstream()).isZero();
    assertThatThrownBy(() -> resolveFile("proxy:\n  oversize_policy: maybe\n"))
        .hasMessageContaining("expected: deny, allow_uninspected");
    assertThatThrownBy(() -> resolveFile("proxy:\n  listen: nowhere\n"))
        .hasMessageStartingWith("proxy listen: \"nowhere\"");
    assertThatThrownBy(() -> resolveFile("proxy:\n  connect_to: [bad]\n"))
        .hasMessageContaining("expected: HOST:PORT:ADDR:PORT2");
    assertThatThrownBy(() -> resolveFile("detectors:\n  custom: [{id: x, pattern: '(unclosed'}]\n"))
        .hasMessageStartingWith("detectors.custom[0].pattern: invalid regular expression");
  }

  @Test
  void gitleaksRuleFilesAreReadFromTheConfigFilesDirectory() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf/rules"));
    Files.writeString(conf.resolve("team.toml"),
        "[[rules]]\nid = \"team-token\"\nregex = '''TEAM-[0-9]{8}'''\nkeywords = [\"team-\"]\n"
            + "[[rules]]\nid = \"team-keystore\"\npath = '''\\.jks$'''\n");
    Path absolute = Files.writeString(dir.resolve("other.toml"),
        "[[rules]]\nid = \"other-token\"\nregex = '''OTHER-[0-9]{8}'''\n");
    Path file = Files.writeString(dir.resolve("conf/airlock.yaml"),
        "detectors:\n  rule_files: [rules/team.toml, '" + absolute + "']\n");
    NodeSettings s = new SettingsResolver(Map.of()).resolve(
        new ServeFlags(null, file, null, null, null, null, List.of(), List.of(), null, null));
    assertThat(s.detectors().ruleFiles().rules()).extracting(r -> r.detectorId())
        .containsExactly("SECRETS.team-token", "SECRETS.other-token");
    assertThat(s.detectors().ruleFiles().skipped())
        .containsExactly(conf.resolve("team.toml") + ": rule \"team-keystore\": matches file paths only");
    assertThat(resolveFile("detectors: {}\n").detectors().ruleFiles().rules()).isEmpty();
  }

  @Test
  void aBadGitleaksRuleFileIsRejectedNamingTheFileAndRule() throws Exception {
    Files.writeString(dir.resolve("bad.toml"), "[[rules]]\nid = \"team-token\"\nregex = '''TEAM-([0-9]'''\n");
    assertThatThrownBy(() -> resolveFile("detectors:\n  rule_files: [bad.toml]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("detectors.rule_files: " + dir.resolve("bad.toml")
            + ": rule \"team-token\": regex: missing closing ) in '''TEAM-([0-9]''' (expected: RE2 syntax)");
    assertThatThrownBy(() -> resolveFile("detectors:\n  rule_files: [missing.toml]\n"))
        .hasMessage("detectors.rule_files: " + dir.resolve("missing.toml") + ": no such file");
    assertThatThrownBy(() -> resolveFile("detectors:\n  rule_files: ['']\n"))
        .hasMessage("detectors.rule_files[0]: \"\" (expected: a file path)");
    assertThatThrownBy(() -> resolveFile("detectors:\n  rule_files: bad.toml\n"))
        .hasMessage("detectors.rule_files: expected a list");
  }

  @Test
  void shutdownGraceFromFlagEnvironmentFileOrDefault() throws Exception {
    assertThat(new SettingsResolver(Map.of()).resolve(ServeFlags.none()).shutdownGrace())
        .isEqualTo(Duration.ofSeconds(30));
    Path file = Files.writeString(dir.resolve("g.yaml"), "shutdown_grace: 45s\n");
    ServeFlags fromFile = new ServeFlags(null, file, null, null, null, null, List.of(), List.of(), null, null);
    assertThat(new SettingsResolver(Map.of()).resolve(fromFile).shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    Map<String, String> env = Map.of("AIRLOCK_SHUTDOWN_GRACE", "2m");
    assertThat(new SettingsResolver(env).resolve(fromFile).shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
    ServeFlags flag = new ServeFlags(null, file, null, null, null, null, List.of(), List.of(), null, null, "500ms");
    assertThat(new SettingsResolver(env).resolve(flag).shutdownGrace()).isEqualTo(Duration.ofMillis(500));

    assertThatThrownBy(() -> resolveFile("shutdown_grace: soon\n"))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("shutdown_grace: \"soon\"");
    assertThatThrownBy(() -> new SettingsResolver(Map.of("AIRLOCK_SHUTDOWN_GRACE", "-1s")).resolve(ServeFlags.none()))
        .hasMessageStartingWith("AIRLOCK_SHUTDOWN_GRACE: \"-1s\"");
  }

  private NodeSettings resolveFile(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
    return new SettingsResolver(Map.of()).resolve(
        new ServeFlags(null, file, null, null, null, null, List.of(), List.of(), null, null));
  }
}
