package dev.airlock.proxy.normalize;

/**
 * A tool catalog file that cannot be accepted. The message names the file and the field, e.g.
 * {@code tools/slack.json: hosts[0]: "" (expected: a host name or glob)}.
 */
public class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
