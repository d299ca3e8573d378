package dev.airlock.bench.proc;

/**
 * A system's memory and descriptors at one moment of a long run.
 *
 * @param seconds since the run started
 * @param treeRssBytes summed resident memory of the process tree (a JVM and its PostgreSQL)
 * @param jvmRssBytes resident memory of the root process alone
 * @param jvmOpenFiles descriptors the root process holds (-1 when unreadable)
 * @param treeCpuSeconds CPU the tree has used since it started
 */
public record MemorySample(double seconds, long treeRssBytes, long jvmRssBytes, int jvmOpenFiles, double treeCpuSeconds) {

  /** Samples a tree whose root is {@code jvm}, at {@code seconds} into the run. */
  public static MemorySample take(ProcessTree tree, OpenFiles files, java.util.List<Long> roots, long jvm, double seconds) {
    ResourceSample s = tree.sample(roots);
    return new MemorySample(seconds, s.rssBytes(), tree.residentBytes(jvm), files.count(jvm), s.cpuSeconds());
  }
}
