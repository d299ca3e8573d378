package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One key of a channel type's {@code config}: how its value is checked, whether it is required,
 * its default, and whether it is a secret (write-only, masked wherever it is shown).
 */
record ConfigField(String name, Kind kind, boolean required, boolean secret, String fallback, List<String> choices,
    Pattern pattern) {

  /** The shapes a config value may take. */
  enum Kind { URL, TEXT, PORT, CHOICE, HEADERS, ID }

  static ConfigField url(String name, boolean required, boolean secret) {
    return new ConfigField(name, Kind.URL, required, secret, null, List.of(), null);
  }

  static ConfigField text(String name, boolean required, boolean secret, Pattern pattern) {
    return new ConfigField(name, Kind.TEXT, required, secret, null, List.of(), pattern);
  }

  static ConfigField choice(String name, String fallback, String... choices) {
    return new ConfigField(name, Kind.CHOICE, fallback == null, false, fallback, List.of(choices), null);
  }

  static ConfigField port(String name) {
    return new ConfigField(name, Kind.PORT, true, false, null, List.of(), null);
  }

  static ConfigField headers(String name) {
    return new ConfigField(name, Kind.HEADERS, false, true, null, List.of(), null);
  }

  /** A chat id: an integer or a {@code @channelname}, kept as text. */
  static ConfigField id(String name) {
    return new ConfigField(name, Kind.ID, true, false, null, List.of(), null);
  }

  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
  private static final List<String> RESERVED_HEADERS = List.of("host", "content-length", "connection",
      "transfer-encoding", "upgrade", "expect", "x-airlock-signature", "x-airlock-timestamp", "content-type");

  /** The checked value to store (default applied), or null when absent and optional. */
  JsonNode check(String path, JsonNode v) {
    String field = path + "." + name;
    if (v == null || v.isNull()) {
      if (fallback != null) {
        return JsonNodeFactory.instance.textNode(fallback);
      }
      if (required) {
        throw ChannelException.missing(field);
      }
      return null;
    }
    switch (kind) {
      case URL -> {
        String s = textOf(field, v);
        URI uri;
        try {
          uri = new URI(s);
        } catch (java.net.URISyntaxException e) {
          throw ChannelException.invalid(field, "not a valid URL (expected: http:// or https://)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
          throw ChannelException.invalid(field, "not an absolute http(s) URL");
        }
        return v;
      }
      case TEXT -> {
        String s = textOf(field, v);
        if (s.isBlank() || s.length() > 4096) {
          throw ChannelException.invalid(field, "must be 1..4096 characters");
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
          throw ChannelException.invalid(field, secret ? "malformed" : "\"" + s + "\" (expected: " + pattern + ")");
        }
        return v;
      }
      case PORT -> {
        if (!v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 65_535) {
          throw ChannelException.invalid(field, v + " (expected: 1..65535)");
        }
        return v;
      }
      case CHOICE -> {
        String s = textOf(field, v);
        if (!choices.contains(s)) {
          throw ChannelException.invalid(field, "\"" + s + "\" (expected: one of " + String.join(", ", choices) + ")");
        }
        return v;
      }
      case ID -> {
        if (v.isIntegralNumber()) {
          return JsonNodeFactory.instance.textNode(v.asText());
        }
        String s = textOf(field, v);
        if (!s.matches("-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}")) {
          throw ChannelException.invalid(field, "\"" + s + "\" (expected: a chat id or @channelname)");
        }
        return v;
      }
      case HEADERS -> {
        if (!v.isObject()) {
          throw ChannelException.invalid(field, "expected an object of header names to values");
        }
        v.fields().forEachRemaining(e -> {
          if (!HEADER_NAME.matcher(e.getKey()).matches()) {
            throw ChannelException.invalid(field, "\"" + e.getKey() + "\" is not a header name");
          }
          if (RESERVED_HEADERS.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
            throw ChannelException.invalid(field, e.getKey() + " is set by Airlock itself");
          }
          if (!e.getValue().isTextual() || e.getValue().asText().indexOf('\n') >= 0
              || e.getValue().asText().indexOf('\r') >= 0) {
            throw ChannelException.invalid(field + "." + e.getKey(), "expected a one-line string");
          }
        });
        return v;
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private String textOf(String field, JsonNode v) {
    if (!v.isTextual()) {
      throw ChannelException.invalid(field, secret ? "expected a string" : v + " (expected: a string)");
    }
    return v.asText();
  }
}
