package dev.airlock.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples a set of root processes and all their descendants from {@code /proc}: squid's helpers
 * and workers, mitmproxy's threads, Airlock's JVM plus its detached PostgreSQL.
 */
public final class ProcessTree {
  /** USER_HZ; 100 on every Linux ABI this runs on. */
  static final double TICKS_PER_SECOND = 100.0;

  private final Path proc;

  public ProcessTree() {
    this(Path.of("/proc"));
  }

  ProcessTree(Path proc) {
    this.proc = proc;
  }

  public ResourceSample sample(List<Long> roots) {
    Map<Long, ProcStat> all = readAll();
    Set<Long> tree = tree(roots, all);
    long ticks = 0;
    long rss = 0;
    for (long pid : tree) {
      ticks += all.get(pid).cpuTicks();
      rss += residentBytes(pid);
    }
    return new ResourceSample(ticks / TICKS_PER_SECOND, rss, tree.size());
  }

  /**
   * Proportional memory of the tree: each page shared by n processes counts 1/n in each, so the sum
   * counts PostgreSQL's shared buffers once, however many backends touched them.
   */
  public Proportional proportional(List<Long> roots) {
    long pss = 0;
    long shared = 0;
    for (long pid : tree(roots, readAll())) {
      try {
        String rollup = Files.readString(proc.resolve(Long.toString(pid)).resolve("smaps_rollup"));
        pss += rollupKilobytes(rollup, "Pss:") * 1024;
        shared += rollupKilobytes(rollup, "Pss_Shmem:") * 1024;
      } catch (IOException | RuntimeException gone) {
        // Ended meanwhile, or a kernel without smaps_rollup: nothing to add.
      }
    }
    return new Proportional(pss, shared);
  }

  /**
   * @param pssBytes summed proportional set sizes
   * @param sharedPssBytes the part of it in shared memory (PostgreSQL's shared buffers)
   */
  public record Proportional(long pssBytes, long sharedPssBytes) {}

  /** The value of one "Name:   123 kB" line of {@code smaps_rollup}; 0 when the line is missing. */
  static long rollupKilobytes(String rollup, String name) {
    for (String line : rollup.split("\n")) {
      if (line.startsWith(name)) {
        return parseKilobytes(line);
      }
    }
    return 0;
  }

  private static Set<Long> tree(List<Long> roots, Map<Long, ProcStat> all) {
    Map<Long, List<Long>> children = new HashMap<>();
    for (ProcStat s : all.values()) {
      children.computeIfAbsent(s.ppid(), k -> new ArrayList<>()).add(s.pid());
    }
    return descendants(roots, all, children);
  }

  static Set<Long> descendants(List<Long> roots, Map<Long, ProcStat> all, Map<Long, List<Long>> children) {
    Set<Long> tree = new HashSet<>();
    ArrayDeque<Long> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      long pid = todo.poll();
      if (all.containsKey(pid) && tree.add(pid)) {
        todo.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return tree;
  }

  private Map<Long, ProcStat> readAll() {
    Map<Long, ProcStat> all = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          ProcStat s = ProcStat.parse(Files.readString(dir.resolve("stat")));
          all.put(s.pid(), s);
        } catch (IOException | RuntimeException gone) {
          // The process ended between listing and reading: it is simply not sampled.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + proc, e);
    }
    return all;
  }

  /** One process's resident memory (VmRSS), without its descendants; 0 once it has ended. */
  public long residentBytes(long pid) {
    try {
      for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
        if (line.startsWith("VmRSS:")) {
          return parseKilobytes(line) * 1024;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // Ended meanwhile.
    }
    return 0;
  }

  static long parseKilobytes(String statusLine) {
    String value = statusLine.substring(statusLine.indexOf(':') + 1).trim();
    return Long.parseLong(value.split("\\s+")[0]);
  }
}
