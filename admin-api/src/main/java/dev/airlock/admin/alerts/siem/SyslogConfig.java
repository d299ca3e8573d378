package dev.airlock.admin.alerts.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A syslog channel's {@code config}: where to send, how, and in which format. Built and validated
 * once by {@link #of(JsonNode)}; immutable afterwards.
 *
 * @param host receiver host name or IP literal (also the name the TLS certificate must carry)
 * @param port receiver port
 * @param protocol udp, tcp or tls
 * @param framing octet counting or LF (stream transports; UDP sends one message per datagram)
 * @param format cef, ocsf or json
 * @param caFile PEM certificates trusted for the receiver's TLS certificate (tls only), else null
 * @param facility syslog facility of every message
 * @param udpMaxBytes largest datagram sent; longer messages are cut
 * @param connectTimeout TCP/TLS connect and handshake limit
 * @param sendTimeout how long one {@code send} may block writing before the connection is dropped
 */
public record SyslogConfig(
    String host,
    int port,
    SyslogProtocol protocol,
    SyslogFraming framing,
    SiemFormat format,
    Path caFile,
    SyslogFacility facility,
    int udpMaxBytes,
    Duration connectTimeout,
    Duration sendTimeout) {

  /** RFC 5426 §3.2: receivers SHOULD accept 2048-octet datagrams; larger ones may be dropped. */
  public static final int DEFAULT_UDP_MAX_BYTES = 2048;
  /** RFC 5426 §3.2: every IPv4 receiver MUST accept 480 octets. */
  static final int MIN_UDP_MAX_BYTES = 480;
  static final int MAX_UDP_MAX_BYTES = 65_000;
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<String> KEYS = Set.of("host", "port", "protocol", "framing", "format", "ca_file",
      "facility", "udp_max_bytes", "connect_timeout_ms", "send_timeout_ms");
  private static final Pattern HOST_NAME =
      Pattern.compile("(?i)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\\.?");
  private static final Pattern IPV6 = Pattern.compile("(?i)[0-9a-f:.]+(%[a-z0-9]+)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  public SyslogConfig {
    if (host == null || host.isBlank()) {
      throw new SyslogConfigException("host", "required");
    }
    if (port < 1 || port > 65_535) {
      throw new SyslogConfigException("port", port + " (expected: 1..65535)");
    }
    if (protocol == null || framing == null || format == null || facility == null) {
      throw new IllegalArgumentException("protocol, framing, format and facility are required");
    }
    if (protocol == SyslogProtocol.TLS && caFile == null) {
      throw new SyslogConfigException("ca_file", "required when protocol is tls");
    }
    if (udpMaxBytes < MIN_UDP_MAX_BYTES || udpMaxBytes > MAX_UDP_MAX_BYTES) {
      throw new SyslogConfigException("udp_max_bytes",
          udpMaxBytes + " (expected: " + MIN_UDP_MAX_BYTES + ".." + MAX_UDP_MAX_BYTES + ")");
    }
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new SyslogConfigException("connect_timeout_ms", connectTimeout + " (expected: > 0)");
    }
    if (sendTimeout == null || sendTimeout.isNegative() || sendTimeout.isZero()) {
      throw new SyslogConfigException("send_timeout_ms", sendTimeout + " (expected: > 0)");
    }
  }

  /** Same as {@link #of(JsonNode)} for a config given as a map (e.g. read from YAML). */
  public static SyslogConfig of(Map<String, ?> config) {
    return of(config == null ? (JsonNode) null : (JsonNode) JSON.valueToTree(config));
  }

  /**
   * Reads and checks a channel's {@code config} object: {@code host} (required), {@code port}
   * (default 514, 6514 for tls), {@code protocol} udp|tcp|tls (default udp), {@code framing}
   * octet|lf (default octet), {@code format} cef|ocsf|json (default cef), {@code ca_file} (required
   * for tls: a readable PEM file of CA certificates), {@code facility} (default local0),
   * {@code udp_max_bytes} (default 2048), {@code connect_timeout_ms}, {@code send_timeout_ms}.
   *
   * @throws SyslogConfigException naming the first bad key
   */
  public static SyslogConfig of(JsonNode config) {
    if (config == null || !config.isObject()) {
      throw new SyslogConfigException("config", "expected an object with at least host");
    }
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new SyslogConfigException(key, "unknown key (expected: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
      }
    }
    String host = host(text(config, "host", null));
    SyslogProtocol protocol = choice(config, "protocol", SyslogProtocol.class, SyslogProtocol.UDP);
    int port = integer(config, "port", protocol.defaultPort());
    SyslogFraming framing = choice(config, "framing", SyslogFraming.class, SyslogFraming.OCTET);
    SiemFormat format = choice(config, "format", SiemFormat.class, SiemFormat.CEF);
    String ca = text(config, "ca_file", null);
    Path caFile = ca == null ? null : caFile(ca);
    if (caFile != null && protocol != SyslogProtocol.TLS) {
      throw new SyslogConfigException("ca_file", "only used with protocol tls");
    }
    SyslogFacility facility;
    try {
      facility = SyslogFacility.parse(text(config, "facility", "local0"));
    } catch (IllegalArgumentException e) {
      throw new SyslogConfigException("facility", e.getMessage().substring("facility: ".length()));
    }
    return new SyslogConfig(host, port, protocol, framing, format, caFile, facility,
        integer(config, "udp_max_bytes", DEFAULT_UDP_MAX_BYTES),
        Duration.ofMillis(integer(config, "connect_timeout_ms", (int) DEFAULT_CONNECT_TIMEOUT.toMillis())),
        Duration.ofMillis(integer(config, "send_timeout_ms", (int) DEFAULT_SEND_TIMEOUT.toMillis())));
  }

  private static String host(String value) {
    if (value == null || value.isBlank()) {
      throw new SyslogConfigException("host", "required");
    }
    String host = value.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean ok = host.length() <= 253
        && (HOST_NAME.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches()));
    if (!ok) {
      throw new SyslogConfigException("host", value + " (expected a host name or IP address, no scheme or port)");
    }
    return host;
  }

  private static Path caFile(String value) {
    Path path = Path.of(value);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new SyslogConfigException("ca_file", value + " (not a readable file)");
    }
    try {
      if (PemTrust.certificates(path).isEmpty()) {
        throw new SyslogConfigException("ca_file", value + " (no PEM certificate in it)");
      }
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new SyslogConfigException("ca_file", value + " (not PEM certificates: " + e.getMessage() + ")");
    }
    return path;
  }

  private static String text(JsonNode config, String key, String fallback) {
    JsonNode node = config.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isTextual()) {
      throw new SyslogConfigException(key, node + " (expected a string)");
    }
    return node.asText();
  }

  private static int integer(JsonNode config, String key, int fallback) {
    JsonNode node = config.get(key);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isTextual() && node.asText().trim().matches("\\d{1,9}")) {
      return Integer.parseInt(node.asText().trim());
    }
    throw new SyslogConfigException(key, node + " (expected an integer)");
  }

  private static <E extends Enum<E>> E choice(JsonNode config, String key, Class<E> type, E fallback) {
    String value = text(config, key, null);
    if (value == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder names = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        names.append(names.isEmpty() ? "" : "|").append(constant.name().toLowerCase(Locale.ROOT));
      }
      throw new SyslogConfigException(key, value + " (expected: " + names + ")");
    }
  }

  @Override
  public String toString() {
    return "SyslogConfig[" + protocol.name().toLowerCase(Locale.ROOT) + "://" + host + ":" + port
        + ", framing=" + framing.name().toLowerCase(Locale.ROOT) + ", format=" + format.name().toLowerCase(Locale.ROOT)
        + (caFile == null ? "" : ", ca_file=" + caFile) + ", facility=" + facility.name().toLowerCase(Locale.ROOT) + "]";
  }
}
