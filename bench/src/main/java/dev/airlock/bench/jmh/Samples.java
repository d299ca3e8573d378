package dev.airlock.bench.jmh;

import java.util.List;

/** Sensitive values for fixtures: documented example values only, nothing live. */
final class Samples {
  /** One email address and AWS's documented example access key id. */
  static final List<String> EMAIL_AND_KEY =
      List.of("please reach me at jane.doe@example.com", "aws_access_key_id=AKIAIOSFODNN7EXAMPLE");

  /** A handful of findings of two classes, spread over the body. */
  static final List<String> HANDFUL = List.of(
      "reach me at jane.doe@example.com", "aws_access_key_id=AKIAIOSFODNN7EXAMPLE",
      "call +1 415 555 0132 after lunch", "cc ops-team@example.org", "refund to GB82 WEST 1234 5698 7654 32",
      "or to john.smith@example.net");

  private Samples() {}
}
