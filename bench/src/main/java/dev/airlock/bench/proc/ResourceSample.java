package dev.airlock.bench.proc;

/**
 * CPU time and resident memory of a process tree at one moment.
 *
 * @param cpuSeconds user + system time of every process in the tree (and children they reaped)
 * @param rssBytes summed resident set sizes
 * @param processes how many processes the tree held
 */
public record ResourceSample(double cpuSeconds, long rssBytes, int processes) {
  public static final ResourceSample NONE = new ResourceSample(0, 0, 0);

  public double cpuSince(ResourceSample earlier) {
    return Math.max(0, cpuSeconds - earlier.cpuSeconds);
  }
}
