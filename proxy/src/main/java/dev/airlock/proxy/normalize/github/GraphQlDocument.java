package dev.airlock.proxy.normalize.github;

import java.util.Optional;

/**
 * Finds, in a GraphQL document, the operation type and the name of its first selected field: for
 * {@code mutation Add($i: X!) { addComment(input: $i) { id } }} that is (mutation, addComment).
 * A tokenizer, not a parser: it skips strings, comments, arguments and fragment definitions.
 * Shared by the GraphQL APIs the catalog knows (GitHub, Linear).
 */
public final class GraphQlDocument {
  /** The operation type ("query", "mutation", "subscription") and its first field name. */
  public record FirstField(String type, String field) {}

  private final String src;
  private int pos;

  private GraphQlDocument(String src) {
    this.src = src;
  }

  /**
   * @param operationName the request's operationName, or null for the first operation
   */
  public static Optional<FirstField> firstField(String document, String operationName) {
    try {
      return new GraphQlDocument(document).find(operationName);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Optional<FirstField> find(String operationName) {
    while (true) {
      String token = next();
      if (token == null) {
        return Optional.empty();
      }
      String type;
      String name = null;
      if (token.equals("{")) {
        type = "query";
      } else if (token.equals("query") || token.equals("mutation")
          || token.equals("subscription")) {
        type = token;
        token = next();
        if (token != null && isName(token)) {
          name = token;
          token = next();
        }
        while (token != null && !token.equals("{")) {
          if (token.equals("(")) {
            skipBalanced("(", ")");
          }
          token = next();
        }
        if (token == null) {
          return Optional.empty();
        }
      } else if (token.equals("fragment")) {
        while ((token = next()) != null && !token.equals("{")) {
          // type condition and directives
        }
        skipBalanced("{", "}");
        continue;
      } else {
        return Optional.empty();
      }
      if (operationName != null && name != null && !operationName.equals(name)) {
        skipBalanced("{", "}");
        continue;
      }
      String field = next();
      if (field == null || !isName(field)) {
        return Optional.empty();
      }
      int save = pos;
      if (":".equals(next())) {
        field = next();
      } else {
        pos = save;
      }
      return field != null && isName(field)
          ? Optional.of(new FirstField(type, field))
          : Optional.empty();
    }
  }

  /** Skips to the token closing the group just opened. */
  private void skipBalanced(String open, String close) {
    int depth = 1;
    String token;
    while (depth > 0 && (token = next()) != null) {
      if (token.equals(open)) {
        depth++;
      } else if (token.equals(close)) {
        depth--;
      }
    }
  }

  private static boolean isName(String token) {
    char c = token.charAt(0);
    return c == '_' || Character.isLetter(c);
  }

  /** Next token: a name, a string (returned as "\""), or a single punctuation character. */
  private String next() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
        pos++;
      } else {
        break;
      }
    }
    if (pos >= src.length()) {
      return null;
    }
    char c = src.charAt(pos);
    if (c == '_' || Character.isLetterOrDigit(c) || c == '-') {
      int start = pos;
      while (pos < src.length()
          && (src.charAt(pos) == '_' || Character.isLetterOrDigit(src.charAt(pos))
              || src.charAt(pos) == '.' || src.charAt(pos) == '-')) {
        pos++;
      }
      return src.substring(start, pos);
    }
    if (c == '"') {
      skipString();
      return "\"";
    }
    if (src.startsWith("...", pos)) {
      pos += 3;
      return "...";
    }
    pos++;
    return String.valueOf(c);
  }

  private void skipString() {
    if (src.startsWith("\"\"\"", pos)) {
      int end = src.indexOf("\"\"\"", pos + 3);
      pos = end < 0 ? src.length() : end + 3;
      return;
    }
    pos++;
    while (pos < src.length() && src.charAt(pos) != '"' && src.charAt(pos) != '\n') {
      pos += src.charAt(pos) == '\\' ? 2 : 1;
    }
    pos++;
  }
}
