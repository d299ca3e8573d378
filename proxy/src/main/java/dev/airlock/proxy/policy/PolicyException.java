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

  /** A problem at {@code path}; the message becomes {@code "<path>: <detail>"}. */
  public static PolicyException at(String path, String detail) {
    return new PolicyException(path, (path.isEmpty() ? "$" : path) + ": " + detail);
  }

  public String path() {
    return path;
  }

  /**
   * The same problem seen from an enclosing object: records validate with paths relative to
   * themselves and the parser, which knows where they sit, adds the prefix.
   */
  public PolicyException under(String parent) {
    if (parent.isEmpty()) {
      return this;
    }
    String joined = path.isEmpty() ? parent : path.startsWith("[") ? parent + path : parent + "." + path;
    String detail = getMessage().startsWith(displayPath() + ": ")
        ? getMessage().substring(displayPath().length() + 2)
        : getMessage();
    return at(joined, detail);
  }

  private String displayPath() {
    return path.isEmpty() ? "$" : path;
  }
}
