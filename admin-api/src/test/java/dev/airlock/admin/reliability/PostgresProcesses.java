package dev.airlock.admin.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * PostgreSQL processes seen through /proc, for tests that must leave none behind. A zombie counts as
 * stopped: nothing here reaps orphans, and the embedded server is an orphan once pg_ctl detaches it.
 */
public final class PostgresProcesses {
  private PostgresProcesses() {}

  /** Whether the process runs (exists and is not a zombie). */
  public static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Running postgres processes (server and backends) working in {@code pgDir}. */
  public static List<Long> serving(Path pgDir) {
    Path real;
    try {
      real = pgDir.toRealPath();
    } catch (IOException e) {
      return List.of();
    }
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.map(p -> p.getFileName().toString()).filter(s -> s.chars().allMatch(Character::isDigit))
          .map(Long::parseLong).filter(pid -> isPostgresIn(pid, real)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The servers among {@link #serving}: those whose parent is not one of them. */
  static List<Long> postmasters(Path pgDir) {
    List<Long> all = serving(pgDir);
    return all.stream().filter(pid -> !all.contains(parent(pid))).toList();
  }

  private static long parent(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 4).split(" ", 2)[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static boolean isPostgresIn(long pid, Path dir) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      return running(pid) && Files.readString(proc.resolve("comm")).trim().equals("postgres")
          && Files.readSymbolicLink(proc.resolve("cwd")).equals(dir);
    } catch (IOException e) {
      return false;
    }
  }

  /** Fast shutdown of a postmaster working in {@code pgDir}, then SIGKILL if it lingers. */
  static void stop(long pid, Path pgDir) {
    if (!running(pid) || !serving(pgDir).contains(pid)) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-s", "INT", Long.toString(pid)).start().waitFor();
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (running(pid) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    if (running(pid)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
