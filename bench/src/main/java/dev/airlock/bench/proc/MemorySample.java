package dev.airlock.bench.proc;

import java.util.List;

/**
 * A system's memory and descriptors at one moment of a long run.
 *
 * @param seconds since the run started
 * @param treeRssBytes summed resident memory of the process tree (a JVM and its PostgreSQL); pages
 *     shared between processes count once per process
 * @param treePssBytes summed proportional memory of the tree: shared pages count once in all
 * @param treeSharedPssBytes the part of {@code treePssBytes} in shared memory (PostgreSQL's shared
 *     buffers, a cache of fixed size that fills as its tables grow)
 * @param jvmRssBytes resident memory of the root process alone
 * @param jvmOpenFiles descriptors the root process holds (-1 when unreadable)
 * @param treeCpuSeconds CPU the tree has used since it started
 */
public record MemorySample(
    double seconds, long treeRssBytes, long treePssBytes, long treeSharedPssBytes, long jvmRssBytes,
    int jvmOpenFiles, double treeCpuSeconds) {

  /** Samples a tree whose root is {@code jvm}, at {@code seconds} into the run. */
  public static MemorySample take(ProcessTree tree, OpenFiles files, List<Long> roots, long jvm, double seconds) {
    ResourceSample s = tree.sample(roots);
    ProcessTree.Proportional p = tree.proportional(roots);
    return new MemorySample(seconds, s.rssBytes(), p.pssBytes(), p.sharedPssBytes(), tree.residentBytes(jvm),
        files.count(jvm), s.cpuSeconds());
  }

  /** The tree's memory other than shared memory: what grows if the JVM or a backend leaks. */
  public long treePrivatePssBytes() {
    return treePssBytes - treeSharedPssBytes;
  }
}
