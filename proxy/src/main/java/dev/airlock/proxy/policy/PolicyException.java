package dev.airlock.proxy.policy;

/** A policy document or policy set that cannot be accepted. The message names the JSON path. */
public class PolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String path;

  /**
   * @param path JSON path of the offending field, e.g. "rules[0].action" ("" for the document)
   * @param message full message, e.g. {@code rules[0].action: "BLOK" (expected: ALLOW, ...)}
   */
  public PolicyException(String path, String message) {
    super(message);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
