package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces findings by {@code [REDACTED:<CLASS>]} while keeping the document valid for its media
 * type: JSON stays parseable (replacements stay inside the string they start in and cover whole
 * escapes; a redacted number becomes a string), form bodies get the replacement percent-encoded
 * and never cut an escape, anything else (text, multipart) gets a plain replacement. Stateless.
 */
public final class Redactor {

  private enum Syntax { JSON, FORM, PLAIN }

  /** The redacted text. */
  public String redact(String text, String mediaType, List<Finding> findings, Set<DataClass> classes) {
    return redactWithCounts(text, mediaType, findings, classes).text();
  }

  /**
   * The redacted text and the number of replaced spans per class.
   *
   * @param mediaType the Content-Type (parameters ignored); null means plain text
   * @param findings spans over {@code text}, e.g. from {@link Detectors#scan}
   * @param classes the classes to redact; findings of other classes are left untouched
   */
  public RedactionResult redactWithCounts(
      String text, String mediaType, List<Finding> findings, Set<DataClass> classes) {
    requireNonNull(text, "text");
    requireNonNull(findings, "findings");
    requireNonNull(classes, "classes");
    List<Span> spans = new ArrayList<>();
    for (Finding f : findings) {
      if (f.end() > text.length()) {
        throw new IllegalArgumentException(
            "finding end: " + f.end() + " (expected: <= text length " + text.length() + ")");
      }
      if (classes.contains(f.dataClass()) && f.start() < f.end()) {
        spans.add(new Span(f.start(), f.end(), f.dataClass(), false));
      }
    }
    spans = Span.union(spans);
    Map<DataClass, Integer> counts = new EnumMap<>(DataClass.class);
    for (Span s : spans) {
      counts.merge(s.dataClass(), 1, Integer::sum);
    }
    Syntax syntax = syntaxOf(mediaType);
    List<Span> pieces = switch (syntax) {
      case JSON -> jsonPieces(text, spans);
      case FORM -> Span.union(spans.stream().map(s -> widenToEscapes(text, s)).toList());
      case PLAIN -> spans;
    };
    return new RedactionResult(apply(text, pieces, syntax), counts);
  }

  private static List<Span> jsonPieces(String text, List<Span> spans) {
    if (spans.isEmpty()) {
      return spans;
    }
    JsonLayout layout = new JsonLayout(text);
    List<Span> pieces = new ArrayList<>();
    for (Span s : spans) {
      pieces.addAll(layout.pieces(s));
    }
    return Span.union(pieces);
  }

  /** Moves both ends of a span out of any %XX escape they fall into. */
  private static Span widenToEscapes(String text, Span s) {
    int start = s.start();
    if (PercentDecoding.isEscape(text, start - 1)) {
      start -= 1;
    } else if (PercentDecoding.isEscape(text, start - 2)) {
      start -= 2;
    }
    int end = s.end();
    if (PercentDecoding.isEscape(text, end - 1)) {
      end += 2;
    } else if (PercentDecoding.isEscape(text, end - 2)) {
      end += 1;
    }
    return new Span(start, end, s.dataClass(), s.quote());
  }

  private static String apply(String text, List<Span> pieces, Syntax syntax) {
    if (pieces.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Span piece : pieces) {
      out.append(text, at, piece.start());
      String label = "[REDACTED:" + piece.dataClass().name() + "]";
      if (syntax == Syntax.FORM) {
        out.append(URLEncoder.encode(label, StandardCharsets.UTF_8));
      } else if (piece.quote()) {
        out.append('"').append(label).append('"');
      } else {
        out.append(label);
      }
      at = piece.end();
    }
    out.append(text, at, text.length());
    return out.toString();
  }

  private static Syntax syntaxOf(String mediaType) {
    if (mediaType == null) {
      return Syntax.PLAIN;
    }
    int semicolon = mediaType.indexOf(';');
    String type = (semicolon >= 0 ? mediaType.substring(0, semicolon) : mediaType).trim().toLowerCase(Locale.ROOT);
    if (type.equals("application/json") || type.endsWith("+json")) {
      return Syntax.JSON;
    }
    if (type.equals("application/x-www-form-urlencoded")) {
      return Syntax.FORM;
    }
    return Syntax.PLAIN;
  }
}
