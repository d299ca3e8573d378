package dev.airlock.admin.alerts.siem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A CEF line read back: the seven header fields and the extension map, all unescaped. */
record CefLine(List<String> header, Map<String, String> extensions) {

  String version() {
    return header.get(3);
  }

  String signature() {
    return header.get(4);
  }

  String name() {
    return header.get(5);
  }

  int severity() {
    return Integer.parseInt(header.get(6));
  }

  String get(String key) {
    return extensions.get(key);
  }

  /** The value of the custom field whose label is {@code label} (e.g. cs1 for "reasons"). */
  String labelled(String label) {
    for (Map.Entry<String, String> e : extensions.entrySet()) {
      if (e.getKey().endsWith("Label") && e.getValue().equals(label)) {
        return extensions.get(e.getKey().substring(0, e.getKey().length() - "Label".length()));
      }
    }
    return null;
  }

  /** Parses {@code line} as the CEF standard defines it; fails on anything malformed. */
  static CefLine parse(String line) {
    if (!line.startsWith("CEF:")) {
      throw new IllegalArgumentException("not CEF: " + line);
    }
    List<String> header = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = "CEF:".length();
    while (header.size() < 7) {
      if (i >= line.length()) {
        throw new IllegalArgumentException("header has " + header.size() + " fields: " + line);
      }
      char c = line.charAt(i++);
      if (c == '\\') {
        char next = line.charAt(i++);
        if (next != '\\' && next != '|') {
          throw new IllegalArgumentException("bad header escape \\" + next + " in " + line);
        }
        field.append(next);
      } else if (c == '|') {
        header.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("line break in header: " + line);
      } else {
        field.append(c);
      }
    }
    return new CefLine(header, extensions(line.substring(i)));
  }

  private static Map<String, String> extensions(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        throw new IllegalArgumentException("extension without '=': " + text.substring(i));
      }
      String key = text.substring(i, eq);
      if (!key.matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException("bad extension key '" + key + "' in " + text);
      }
      StringBuilder value = new StringBuilder();
      int j = eq + 1;
      while (j < text.length()) {
        char c = text.charAt(j);
        if (c == '\\') {
          if (j + 1 >= text.length()) {
            throw new IllegalArgumentException("dangling backslash in " + text);
          }
          char next = text.charAt(j + 1);
          switch (next) {
            case '\\' -> value.append('\\');
            case '=' -> value.append('=');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            default -> throw new IllegalArgumentException("bad extension escape \\" + next + " in " + text);
          }
          j += 2;
        } else if (c == '=') {
          throw new IllegalArgumentException("unescaped '=' in the value of " + key + ": " + text);
        } else if (c == ' ' && startsKey(text, j + 1)) {
          break;
        } else if (c == '\r' || c == '\n') {
          throw new IllegalArgumentException("raw line break in the value of " + key);
        } else {
          value.append(c);
          j++;
        }
      }
      if (out.put(key, value.toString()) != null) {
        throw new IllegalArgumentException("duplicate key " + key);
      }
      i = j + 1;
    }
    return out;
  }

  /** Whether a {@code key=} (unescaped) starts at {@code from}. */
  private static boolean startsKey(String text, int from) {
    int k = from;
    while (k < text.length() && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) {
      k++;
    }
    return k > from && k < text.length() && text.charAt(k) == '=';
  }
}
