package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.siem.SyslogConfig;
import dev.airlock.admin.alerts.siem.SyslogConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code config} of each channel type: which keys it takes, which are secrets, and how a
 * stored config is shown (secrets masked as {@code ****abcd} or {@code <set>}, URLs as
 * {@code https://host/****abcd}). Syslog is checked for shape only; its transport is separate.
 */
public final class ChannelConfigs {
  /** Telegram's own bounds for {@code secret_token}. */
  private static final Pattern TELEGRAM_SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final Pattern TELEGRAM_TOKEN = Pattern.compile("[0-9]{1,20}:[A-Za-z0-9_-]{20,100}");
  private static final Map<ChannelType, List<ConfigField>> FIELDS = new EnumMap<>(ChannelType.class);

  static {
    FIELDS.put(ChannelType.SLACK, List.of(ConfigField.url("webhook_url", true, true),
        ConfigField.text("signing_secret", false, true, null), ConfigField.text("bot_token", false, true, null)));
    FIELDS.put(ChannelType.DISCORD, List.of(ConfigField.url("webhook_url", true, true)));
    FIELDS.put(ChannelType.TEAMS, List.of(ConfigField.url("webhook_url", true, true)));
    FIELDS.put(ChannelType.TELEGRAM, List.of(ConfigField.text("bot_token", true, true, TELEGRAM_TOKEN),
        ConfigField.id("chat_id"), ConfigField.text("webhook_secret_token", false, true, TELEGRAM_SECRET),
        new ConfigField("api_base", ConfigField.Kind.URL, false, false, "https://api.telegram.org", List.of(), null)));
    FIELDS.put(ChannelType.WEBHOOK, List.of(ConfigField.url("url", true, true),
        ConfigField.text("secret", false, true, null), ConfigField.headers("headers"),
        ConfigField.choice("format", "json", "json", "ndjson", "cef", "ocsf", "splunk", "datadog")));
    FIELDS.put(ChannelType.SYSLOG, List.of(ConfigField.text("host", true, false,
            Pattern.compile("[A-Za-z0-9.:_\\[\\]-]{1,253}")),
        ConfigField.port("port"), ConfigField.choice("protocol", "tls", "udp", "tcp", "tls"),
        ConfigField.choice("format", "cef", "cef", "ocsf", "json"),
        ConfigField.choice("framing", "octet", "octet", "lf"),
        ConfigField.text("ca_file", false, false, null),
        ConfigField.text("facility", false, false, Pattern.compile("[a-z0-9]{1,16}"))));
  }

  private ChannelConfigs() {}

  /**
   * The config to store: {@code given} checked against the type, defaults applied. With a {@code
   * previous} config (an update), keys not given keep their stored value, a key given as null is
   * removed, and a secret given as its masked form (as a read showed it) keeps the stored secret.
   */
  static ObjectNode validate(ChannelType type, JsonNode given, ObjectNode previous) {
    if (given != null && !given.isNull() && !given.isObject()) {
      throw ChannelException.invalid("config", "expected an object");
    }
    List<ConfigField> fields = FIELDS.get(type);
    ObjectNode merged = previous == null ? JsonNodeFactory.instance.objectNode() : previous.deepCopy();
    if (given != null && given.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ConfigField f = field(fields, e.getKey());
        if (f == null) {
          throw new ChannelException("unknown_field", "config." + e.getKey(), "config." + e.getKey()
              + ": unknown for type " + type.slug() + " (expected one of: " + names(fields) + ")");
        }
        merged.set(e.getKey(), keepMasked(f, e.getValue(), previous == null ? null : previous.get(e.getKey())));
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (ConfigField f : fields) {
      JsonNode v = f.check("config", merged.get(f.name()));
      if (v != null) {
        out.set(f.name(), v);
      }
    }
    checkCombination(type, out);
    return out;
  }

  /** The config as it may be shown: every secret masked. */
  public static ObjectNode masked(ChannelType type, ObjectNode config) {
    ObjectNode out = config.deepCopy();
    for (ConfigField f : FIELDS.get(type)) {
      JsonNode v = out.get(f.name());
      if (!f.secret() || v == null || v.isNull()) {
        continue;
      }
      if (f.kind() == ConfigField.Kind.HEADERS) {
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        v.fields().forEachRemaining(h -> headers.put(h.getKey(), mask(h.getValue().asText())));
        out.set(f.name(), headers);
      } else if (f.kind() == ConfigField.Kind.URL) {
        out.put(f.name(), maskUrl(v.asText()));
      } else {
        out.put(f.name(), mask(v.asText()));
      }
    }
    return out;
  }

  /** {@code ****} and the last four characters of a long secret; {@code <set>} for a short one. */
  static String mask(String secret) {
    return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "<set>";
  }

  /** The scheme and host (which service), then the masked rest. */
  static String maskUrl(String url) {
    try {
      URI u = new URI(url);
      String port = u.getPort() < 0 ? "" : ":" + u.getPort();
      return u.getScheme() + "://" + u.getHost() + port + "/" + mask(url);
    } catch (java.net.URISyntaxException e) {
      return mask(url);
    }
  }

  private static JsonNode keepMasked(ConfigField f, JsonNode given, JsonNode stored) {
    if (!f.secret() || stored == null || given == null || given.isNull()) {
      return given;
    }
    if (f.kind() == ConfigField.Kind.HEADERS) {
      if (!given.isObject()) {
        return given;
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      given.fields().forEachRemaining(h -> {
        JsonNode old = stored.get(h.getKey());
        boolean unchanged = old != null && h.getValue().isTextual() && h.getValue().asText().equals(mask(old.asText()));
        out.set(h.getKey(), unchanged ? old : h.getValue());
      });
      return out;
    }
    String shown = f.kind() == ConfigField.Kind.URL ? maskUrl(stored.asText()) : mask(stored.asText());
    return given.isTextual() && given.asText().equals(shown) ? stored : given;
  }

  private static void checkCombination(ChannelType type, ObjectNode c) {
    if (type != ChannelType.SYSLOG) {
      return;
    }
    String protocol = c.get("protocol").asText();
    if (protocol.equals("udp") && c.has("ca_file")) {
      throw ChannelException.invalid("config.ca_file", "only for protocol tls");
    }
    if (protocol.equals("tcp") && c.has("ca_file")) {
      throw ChannelException.invalid("config.ca_file", "only for protocol tls");
    }
    // What the sender will need: a host it can name, a readable PEM trust file for tls, a facility.
    try {
      SyslogConfig.of(c);
    } catch (SyslogConfigException e) {
      String detail = e.getMessage().startsWith(e.field() + ": ")
          ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
      throw ChannelException.invalid("config." + e.field(), detail);
    }
  }

  private static ConfigField field(List<ConfigField> fields, String name) {
    for (ConfigField f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static String names(List<ConfigField> fields) {
    List<String> out = new ArrayList<>();
    fields.forEach(f -> out.add(f.name()));
    return String.join(", ", out);
  }
}
