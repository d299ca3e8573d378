package dev.airlock.proxy.normalize.git;

/**
 * Bounds on the work spent reading one pushed pack, so that a hostile body (a zlib bomb, millions
 * of tiny objects) costs little; past a bound the push's force status becomes UNKNOWN.
 *
 * @param maxObjects most pack entries read
 * @param maxInflatedBytes most bytes inflated over all entries
 * @param maxObjectBytes largest single commit (or commit delta) kept in memory
 */
public record PackLimits(int maxObjects, long maxInflatedBytes, int maxObjectBytes) {
  public static final PackLimits DEFAULT = new PackLimits(100_000, 64L << 20, 1 << 20);

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
  }
}
