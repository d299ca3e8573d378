package dev.airlock.proxy.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Turns JSON or YAML text into a tree; syntax errors become {@link PolicyException}s at "$". */
final class TreeReader {
  // ObjectReaders are immutable and thread-safe, so sharing them is not shared mutable state.
  private static final ObjectReader JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().reader();
  private static final ObjectReader YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().reader();

  private TreeReader() {}

  /** Reads JSON when the text starts like JSON (better error messages), YAML otherwise. */
  static JsonNode read(String text) {
    if (text == null || text.isBlank()) {
      throw PolicyException.at("", "empty document");
    }
    String trimmed = text.stripLeading();
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    try {
      JsonNode tree = (json ? JSON : YAML).readTree(text);
      if (tree == null || tree.isMissingNode()) {
        throw PolicyException.at("", "empty document");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw PolicyException.at("", syntaxError(json ? "JSON" : "YAML", e));
    }
  }

  private static String syntaxError(String format, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String detail = e.getOriginalMessage();
    int newline = detail.indexOf('\n');
    detail = newline < 0 ? detail : detail.substring(0, newline);
    // Jackson appends where an enclosing array or object started; the line and column are enough.
    int enclosing = detail.indexOf(" (for ");
    return "invalid " + format + where + ": " + (enclosing < 0 ? detail : detail.substring(0, enclosing));
  }
}
