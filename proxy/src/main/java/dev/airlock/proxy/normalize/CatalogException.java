package dev.airlock.proxy.normalize;

/**
 * A tool catalog file that cannot be accepted. The message names the file and the field, e.g.
 * {@code tools/slack.json: hosts[0]: "" (expected: a host name or glob)}.
 */
public class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public CatalogException(String message) {
    this(message, (String) null);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
    this.field = null;
  }

  /** @param field the JSON path of the offending field within the file, e.g. {@code hosts[0]} */
  public CatalogException(String message, String field) {
    super(message);
    this.field = field;
  }

  /** The JSON path of the offending field ("" for the document itself), or null when unknown. */
  public String field() {
    return field;
  }
}
