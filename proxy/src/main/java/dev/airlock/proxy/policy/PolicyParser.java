package dev.airlock.proxy.policy;

/** Parses and validates policy documents (JSON, or YAML). */
public final class PolicyParser {
  private PolicyParser() {}

  /**
   * Parses and validates one document.
   *
   * @throws PolicyException naming the JSON path of the first problem
   */
  public static PolicyDocument parse(String text) {
    throw new UnsupportedOperationException("replaced by the real parser");
  }
}
