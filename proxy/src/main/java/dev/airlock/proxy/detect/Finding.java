package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

/**
 * One detected value. The value itself is never kept: only where it is, what it is, and a salted
 * fingerprint for correlation.
 *
 * @param dataClass coarse class
 * @param detectorId "CLASS.detector", e.g. "SECRETS.aws_access_key", "PII.email"
 * @param start start offset (inclusive, in chars) in the scanned text
 * @param end end offset (exclusive, in chars) in the scanned text; the span to redact
 */
public record Finding(DataClass dataClass, String detectorId, int start, int end) {
  public Finding {
    requireNonNull(dataClass, "dataClass");
    requireNonNull(detectorId, "detectorId");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("span: [" + start + ", " + end + ") (expected: 0 <= start <= end)");
    }
  }
}
