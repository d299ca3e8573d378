package dev.airlock.admin.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.admin.incidents.IncidentConfig;
import dev.airlock.admin.store.RetentionWindows;
import dev.airlock.certs.CaSeal;
import dev.airlock.certs.CertsException;
import dev.airlock.proxy.config.Cidr;
import dev.airlock.proxy.config.ConnectTo;
import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.detect.GitleaksRuleFiles;
import dev.airlock.proxy.detect.GitleaksRules;
import dev.airlock.proxy.exfil.ReadFingerprints;
import dev.airlock.proxy.policy.PolicyException;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.policy.RiskSignal;
import dev.airlock.proxy.policy.TimeWindow;
import java.util.EnumMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves {@link NodeSettings}: flag, then AIRLOCK_* variable, then config file, then default. */
public final class SettingsResolver {
  private static final Set<String> TOP = Set.of("data_dir", "db", "proxy", "admin", "org_domains",
      "org_github_owners", "detectors", "policies_dir", "tools_dir", "shutdown_grace", "ca", "retention", "approvals",
      "read_then_write", "threat_intel_dir", "risk", "integrations", "incidents", "alerts");
  static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  private static final Set<String> PROXY = Set.of("listen", "inspect_max_bytes", "oversize_policy", "allowed_ports",
      "passthrough_hosts", "allow_private", "connect_to", "upstream_trust", "timeouts", "limits");

  private final Map<String, String> env;

  public SettingsResolver(Map<String, String> env) {
    this.env = env;
  }

  public NodeSettings resolve(ServeFlags f) {
    Path configFile = f.configFile() != null ? f.configFile() : path(env.get("AIRLOCK_CONFIG"));
    ConfigTree root = new ConfigTree(readFile(configFile), "");
    root.allowOnly(TOP);
    ConfigTree proxy = root.child("proxy");
    proxy.allowOnly(PROXY);
    ConfigTree admin = root.child("admin");
    admin.allowOnly(Set.of("listen"));

    Path home = path(env.getOrDefault("AIRLOCK_HOME", "."));
    Path dataDir = first(f.dataDir(), path(env.get("AIRLOCK_DATA_DIR")), path(root.string("data_dir")), Path.of("data"));
    String db = first(f.db(), env.get("AIRLOCK_DB_URL"), root.string("db"), null);
    HostPort proxyListen = HostPort.parse("proxy listen", first(f.proxyListen(), env.get("AIRLOCK_PROXY_LISTEN"),
        proxy.string("listen"), "127.0.0.1:3128"));
    HostPort adminListen = HostPort.parse("admin listen", first(f.adminListen(), env.get("AIRLOCK_ADMIN_LISTEN"),
        admin.string("listen"), "127.0.0.1:3180"));
    Path trust = first(f.upstreamTrust(), path(env.get("AIRLOCK_UPSTREAM_TRUST")), path(proxy.string("upstream_trust")),
        null);
    if (trust != null && !Files.isReadable(trust)) {
      throw new ConfigException("upstream_trust: " + trust + " is not a readable file");
    }
    List<String> connectTo = merged(f.connectTo(), env.get("AIRLOCK_CONNECT_TO"), proxy.strings("connect_to"));
    List<String> allowPrivate = merged(f.allowPrivate(), env.get("AIRLOCK_ALLOW_PRIVATE"),
        proxy.strings("allow_private"));
    ProxyConfig pc = new ProxyConfig(
        proxyListen.host(), proxyListen.port(),
        orDefault(proxy.integer("inspect_max_bytes"), ProxyConfig.DEFAULT_INSPECT_MAX_BYTES),
        proxy.string("oversize_policy") == null ? OversizePolicy.DENY : OversizePolicy.parse(proxy.string("oversize_policy")),
        ports(proxy),
        orEmpty(proxy.strings("passthrough_hosts")),
        parseEach(allowPrivate, Cidr::parse, "allow_private"),
        parseEach(connectTo, ConnectTo::parse, "connect_to"),
        trust,
        Limits.timeouts(proxy.child("timeouts")),
        Limits.limits(proxy.child("limits")),
        new HashSet<>(orEmpty(root.strings("org_domains"))),
        new HashSet<>(orEmpty(root.strings("org_github_owners"))),
        null);
    Path policies = first(f.policiesDir(), path(env.get("AIRLOCK_POLICIES_DIR")), path(root.string("policies_dir")),
        home.resolve("conf/policies"));
    Path tools = first(f.toolsDir(), path(env.get("AIRLOCK_TOOLS_DIR")), path(root.string("tools_dir")),
        home.resolve("conf/tools"));
    pc = new ProxyConfig(pc.listenHost(), pc.listenPort(), pc.inspectMaxBytes(), pc.oversizePolicy(), pc.allowedPorts(),
        pc.passthroughHosts(), pc.allowPrivate(), pc.connectTo(), pc.upstreamTrust(), pc.timeouts(), pc.limits(),
        pc.orgDomains(), pc.orgGithubOwners(), tools);
    return new NodeSettings(dataDir, db, pc, adminListen.host(), adminListen.port(), policies, tools,
        detectors(root.child("detectors"), configFile), shutdownGrace(f, root), ca(f, root.child("ca"), configFile),
        retention(root.child("retention")), approvals(root.child("approvals")),
        readThenWrite(root.child("read_then_write")),
        first(null, path(env.get("AIRLOCK_THREAT_INTEL_DIR")), path(root.string("threat_intel_dir")),
            home.resolve("conf/threat-intel")),
        risk(root.child("risk")), integrations(root.child("integrations")),
        IncidentConfig.parse(root.raw("incidents")), AlertsConfig.read(root.child("alerts")));
  }

  /** {@code integrations.slack_response_origin}, or {@code AIRLOCK_SLACK_RESPONSE_ORIGIN}. */
  private IntegrationSettings integrations(ConfigTree i) {
    i.allowOnly(Set.of("slack_response_origin"));
    return IntegrationSettings.parse(first(null, env.get("AIRLOCK_SLACK_RESPONSE_ORIGIN"),
        i.string("slack_response_origin"), null));
  }

  /** {@code approvals.grant_window} and {@code approvals.expire_after}, or their AIRLOCK_APPROVALS_* variables. */
  private ApprovalSettings approvals(ConfigTree a) {
    a.allowOnly(Set.of("grant_window", "expire_after"));
    return new ApprovalSettings(
        duration("AIRLOCK_APPROVALS_GRANT_WINDOW", a.duration("grant_window"), ApprovalSettings.DEFAULT_GRANT_WINDOW),
        duration("AIRLOCK_APPROVALS_EXPIRE_AFTER", a.duration("expire_after"), ApprovalSettings.DEFAULT_EXPIRE_AFTER));
  }

  private Duration duration(String variable, Duration fromFile, Duration fallback) {
    String v = env.get(variable);
    if (v != null && !v.isBlank()) {
      return Durations.parse(v, variable);
    }
    return fromFile != null ? fromFile : fallback;
  }

  /**
   * {@code read_then_write.window} (or {@code AIRLOCK_READ_THEN_WRITE_WINDOW}),
   * {@code read_then_write.max_values_per_agent} and {@code read_then_write.max_values}.
   */
  private ReadFingerprints.Settings readThenWrite(ConfigTree r) {
    r.allowOnly(Set.of("window", "max_values_per_agent", "max_values"));
    ReadFingerprints.Settings def = ReadFingerprints.Settings.defaults();
    String fromEnv = env.get("AIRLOCK_READ_THEN_WRITE_WINDOW");
    Duration window = fromEnv != null && !fromEnv.isBlank()
        ? Durations.parse(fromEnv, "AIRLOCK_READ_THEN_WRITE_WINDOW") : r.duration("window");
    Long perAgent = r.integer("max_values_per_agent");
    Long total = r.integer("max_values");
    try {
      return new ReadFingerprints.Settings(window != null ? window : def.window(),
          perAgent != null ? (int) Math.min(Integer.MAX_VALUE, perAgent) : def.maxPerAgent(),
          total != null ? (int) Math.min(Integer.MAX_VALUE, total) : def.maxTotal());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("read_then_write." + e.getMessage(), e);
    }
  }

  /**
   * {@code risk.weights.<signal>} (0..1), {@code risk.working_hours} (a time window: days, from,
   * to, tz), {@code risk.burst_per_minute} and {@code risk.trust_half_life}.
   */
  private static RiskSettings risk(ConfigTree r) {
    r.allowOnly(Set.of("weights", "working_hours", "burst_per_minute", "trust_half_life"));
    RiskSettings def = RiskSettings.defaults();
    ConfigTree w = r.child("weights");
    Map<RiskSignal, Double> weights = new EnumMap<>(RiskSignal.class);
    Set<String> names = new java.util.TreeSet<>();
    for (RiskSignal s : RiskSignal.values()) {
      names.add(s.wireName());
    }
    w.allowOnly(names);
    for (String key : w.keys()) {
      Double value = w.number(key);
      if (value == null || !(value >= 0.0 && value <= 1.0)) {
        throw new ConfigException(w.at(key) + ": " + value + " (expected: a number from 0 to 1)");
      }
      weights.put(RiskSignal.ofWireName(key), value);
    }
    TimeWindow hours = null;
    JsonNode wh = r.raw("working_hours");
    if (wh != null) {
      try {
        hours = PolicyParser.parseTimeWindow(wh, r.at("working_hours"));
      } catch (PolicyException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }
    Long burst = r.integer("burst_per_minute");
    if (burst != null && (burst < 0 || burst > Integer.MAX_VALUE)) {
      throw new ConfigException(r.at("burst_per_minute") + ": " + burst + " (expected: 0 (off) or more)");
    }
    Duration halfLife = r.duration("trust_half_life");
    if (halfLife != null && halfLife.isZero()) {
      throw new ConfigException(r.at("trust_half_life") + ": 0 (expected: a duration above 0, such as 24h)");
    }
    return new RiskSettings(weights, hours, burst == null ? def.burstPerMinute() : burst.intValue(),
        halfLife == null ? def.trustHalfLife() : halfLife);
  }

  /**
   * The deployment's CA key: {@code --ca-key-file}, then {@code AIRLOCK_CA_KEY_FILE} or {@code
   * AIRLOCK_CA_KEY} (the key itself), then {@code ca.key_file} (relative to the config file).
   */
  private CaSettings ca(ServeFlags f, ConfigTree ca, Path configFile) {
    ca.allowOnly(Set.of("key_file"));
    String keyValue = env.get("AIRLOCK_CA_KEY");
    Path envFile = path(env.get("AIRLOCK_CA_KEY_FILE"));
    if (keyValue != null && !keyValue.isBlank() && envFile != null) {
      throw new ConfigException("AIRLOCK_CA_KEY and AIRLOCK_CA_KEY_FILE are both set (expected: one of them)");
    }
    String fileKey = ca.string("key_file");
    CaSeal seal = null;
    String source = null;
    try {
      if (f.caKeyFile() != null) {
        source = "--ca-key-file " + f.caKeyFile();
        seal = CaSeal.fromBase64(readKeyFile(f.caKeyFile(), source), source);
      } else if (envFile != null) {
        source = "AIRLOCK_CA_KEY_FILE " + envFile;
        seal = CaSeal.fromBase64(readKeyFile(envFile, source), source);
      } else if (keyValue != null && !keyValue.isBlank()) {
        source = "AIRLOCK_CA_KEY";
        seal = CaSeal.fromBase64(keyValue, source);
      } else if (fileKey != null && !fileKey.isBlank()) {
        Path file = configFile.resolveSibling(fileKey);
        source = "ca.key_file " + file;
        seal = CaSeal.fromBase64(readKeyFile(file, source), source);
      }
    } catch (CertsException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    boolean adopt = f.adoptCa() || bool(env.get("AIRLOCK_ADOPT_CA"), "AIRLOCK_ADOPT_CA");
    boolean record = f.recordCa() || bool(env.get("AIRLOCK_RECORD_CA"), "AIRLOCK_RECORD_CA");
    return new CaSettings(seal, source, adopt, record);
  }

  private static String readKeyFile(Path file, String source) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read it (" + e.getMessage() + ")", e);
    }
  }

  private static boolean bool(String value, String name) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(name + ": \"" + value + "\" (expected: true or false)");
    };
  }

  /** {@code retention.production_days} and {@code retention.other_days}, or their AIRLOCK_RETENTION_* variables. */
  private RetentionWindows retention(ConfigTree r) {
    r.allowOnly(Set.of("production_days", "other_days"));
    RetentionWindows def = RetentionWindows.defaults();
    long production = days("AIRLOCK_RETENTION_PRODUCTION_DAYS", r.integer("production_days"), def.productionDays());
    long other = days("AIRLOCK_RETENTION_OTHER_DAYS", r.integer("other_days"), def.otherDays());
    try {
      return new RetentionWindows((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, production)),
          (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, other)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private long days(String variable, Long fromFile, int fallback) {
    String v = env.get(variable);
    if (v != null && !v.isBlank()) {
      try {
        return Long.parseLong(v.strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(variable + ": \"" + v + "\" (expected: a number of days)");
      }
    }
    return fromFile != null ? fromFile : fallback;
  }

  private Duration shutdownGrace(ServeFlags f, ConfigTree root) {
    if (f.shutdownGrace() != null) {
      return Durations.parse(f.shutdownGrace(), "--shutdown-grace");
    }
    String fromEnv = env.get("AIRLOCK_SHUTDOWN_GRACE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Durations.parse(fromEnv, "AIRLOCK_SHUTDOWN_GRACE");
    }
    Duration fromFile = root.duration("shutdown_grace");
    return fromFile != null ? fromFile : DEFAULT_SHUTDOWN_GRACE;
  }

  private static DetectorConfig detectors(ConfigTree d, Path configFile) {
    d.allowOnly(Set.of("internal_markers", "internal_host_suffixes", "custom", "rule_files"));
    DetectorConfig def = DetectorConfig.defaults();
    Map<String, String> custom = new LinkedHashMap<>();
    for (ConfigTree c : d.objects("custom")) {
      c.allowOnly(Set.of("id", "pattern"));
      String id = c.string("id");
      String pattern = c.string("pattern");
      if (id == null || !id.matches("[a-z][a-z0-9_]{0,63}")) {
        throw new ConfigException(c.at("id") + ": \"" + id + "\" (expected: lower_snake_case name)");
      }
      if (pattern == null || pattern.isEmpty()) {
        throw new ConfigException(c.at("pattern") + ": required");
      }
      try {
        com.google.re2j.Pattern.compile(pattern);
      } catch (com.google.re2j.PatternSyntaxException e) {
        throw new ConfigException(c.at("pattern") + ": invalid regular expression: " + e.getDescription());
      }
      custom.put(id, pattern);
    }
    List<String> markers = d.strings("internal_markers");
    List<String> suffixes = d.strings("internal_host_suffixes");
    return new DetectorConfig(markers != null ? markers : def.internalMarkers(),
        suffixes != null ? suffixes : def.internalHostSuffixes(), custom, ruleFiles(d, configFile));
  }

  /**
   * The gitleaks rule files, read and checked now so that a bad one stops the start. A relative path
   * is taken from the config file's directory: rule files usually sit next to the config that names
   * them, whatever directory the node is started from.
   */
  private static GitleaksRules ruleFiles(ConfigTree d, Path configFile) {
    List<String> names = d.strings("rule_files");
    if (names == null || names.isEmpty()) {
      return GitleaksRules.none();
    }
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).isBlank()) {
        throw new ConfigException(d.at("rule_files") + "[" + i + "]: \"\" (expected: a file path)");
      }
      files.add(configFile.resolveSibling(names.get(i)));
    }
    try {
      return GitleaksRuleFiles.load(files);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(d.at("rule_files") + ": " + e.getMessage(), e);
    }
  }

  private static Set<Integer> ports(ConfigTree proxy) {
    List<String> ports = proxy.strings("allowed_ports");
    if (ports == null) {
      return Set.of(443, 80, 8443);
    }
    Set<Integer> out = new HashSet<>();
    for (String p : ports) {
      try {
        out.add(Integer.parseInt(p.trim()));
      } catch (NumberFormatException e) {
        throw new ConfigException("proxy.allowed_ports: \"" + p + "\" (expected: a port number)");
      }
    }
    return out;
  }

  private static JsonNode readFile(Path file) {
    if (file == null) {
      return null;
    }
    try {
      JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
      if (n != null && !n.isNull() && !n.isObject()) {
        throw new ConfigException(file + ": expected a mapping at the top level");
      }
      return n == null || n.isNull() ? null : n;
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static <T> List<T> parseEach(List<String> values, java.util.function.Function<String, T> parse, String key) {
    List<T> out = new ArrayList<>();
    for (String v : values) {
      try {
        out.add(parse.apply(v));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage().startsWith(key) ? e.getMessage() : key + ": " + e.getMessage());
      }
    }
    return out;
  }

  private List<String> merged(List<String> flags, String envValue, List<String> file) {
    if (!flags.isEmpty()) {
      return flags;
    }
    if (envValue != null && !envValue.isBlank()) {
      return Arrays.stream(envValue.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    return orEmpty(file);
  }

  private static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static long orDefault(Long v, long d) {
    return v == null ? d : v;
  }

  private static Path path(String s) {
    return s == null || s.isBlank() ? null : Path.of(s);
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
