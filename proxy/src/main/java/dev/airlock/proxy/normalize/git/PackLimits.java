package dev.airlock.proxy.normalize.git;

/**
 * Bounds on the work spent reading one pushed pack, so that a hostile body (a zlib bomb, a delta
 * bomb, millions of tiny objects) costs little. Past a bound the push's force status becomes
 * UNKNOWN and its content counts as not fully inspected.
 *
 * @param maxObjects most pack entries read
 * @param maxInflatedBytes most bytes inflated or rebuilt from deltas over all entries; this also
 *     bounds the memory held while the pack is read
 * @param maxObjectBytes largest single object (or delta) kept in memory
 * @param maxScannedBytes most bytes of files, commit and tag messages collected for scanning
 */
public record PackLimits(
    int maxObjects, long maxInflatedBytes, int maxObjectBytes, long maxScannedBytes) {
  /**
   * The pushed body is at most {@code inspect_max_bytes} (1 MiB by default) of compressed pack;
   * source text inflates three to five times, so 8 MiB of text covers a full default-sized push.
   */
  public static final PackLimits DEFAULT = new PackLimits(100_000, 64L << 20, 1 << 20, 8L << 20);

  public PackLimits {
    if (maxObjects < 0) {
      throw new IllegalArgumentException("maxObjects: " + maxObjects + " (expected: >= 0)");
    }
    if (maxInflatedBytes < 0) {
      throw new IllegalArgumentException(
          "maxInflatedBytes: " + maxInflatedBytes + " (expected: >= 0)");
    }
    if (maxObjectBytes < 0) {
      throw new IllegalArgumentException("maxObjectBytes: " + maxObjectBytes + " (expected: >= 0)");
    }
    if (maxScannedBytes < 0) {
      throw new IllegalArgumentException(
          "maxScannedBytes: " + maxScannedBytes + " (expected: >= 0)");
    }
  }
}
