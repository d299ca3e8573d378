package dev.airlock.proxy.normalize.catalog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request path pattern: literal segments, {@code {name}} (one segment, captured), {@code *} within
 * a segment (any characters but '/'), and a final {@code **} (the rest, possibly nothing). A trailing
 * slash on the request path is ignored.
 */
public final class PathTemplate {
  private final String source;
  private final List<String> segments;
  private final boolean rest;

  private PathTemplate(String source, List<String> segments, boolean rest) {
    this.source = source;
    this.segments = segments;
    this.rest = rest;
  }

  /**
   * @return the template, or empty when {@code source} is not a valid template (no leading '/',
   *     empty segment, {@code **} not last, malformed or repeated variable)
   */
  public static Optional<PathTemplate> parse(String source) {
    if (!source.startsWith("/")) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    boolean rest = false;
    List<String> names = new ArrayList<>();
    String[] parts = source.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() && parts.length == 1) {
        break;
      }
      if (part.equals("**")) {
        if (i != parts.length - 1) {
          return Optional.empty();
        }
        rest = true;
        break;
      }
      if (part.isEmpty() || part.contains("**") || !wellFormedVariable(part, names)) {
        return Optional.empty();
      }
      segments.add(part);
    }
    return Optional.of(new PathTemplate(source, List.copyOf(segments), rest));
  }

  private static boolean wellFormedVariable(String part, List<String> names) {
    boolean opens = part.contains("{");
    boolean closes = part.contains("}");
    if (!opens && !closes) {
      return true;
    }
    if (!part.startsWith("{") || !part.endsWith("}") || part.length() < 3) {
      return false;
    }
    String name = part.substring(1, part.length() - 1);
    if (!name.matches("[a-z_][a-z0-9_]*") || names.contains(name)) {
      return false;
    }
    names.add(name);
    return true;
  }

  /** @return captured variables (percent-decoded) when the path matches, else empty */
  public Optional<Map<String, String>> match(String path) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] parts = p.equals("/") ? new String[0] : p.substring(1).split("/", -1);
    if (parts.length < segments.size() || (!rest && parts.length != segments.size())) {
      return Optional.empty();
    }
    Map<String, String> vars = new HashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String seg = segments.get(i);
      if (seg.startsWith("{")) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        vars.put(seg.substring(1, seg.length() - 1), decode(parts[i]));
      } else if (!Glob.matches(seg, parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(vars);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
