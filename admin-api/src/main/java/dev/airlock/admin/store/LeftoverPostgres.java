package dev.airlock.admin.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds and stops a PostgreSQL server that an earlier run left running on {@code DATA/pg}.
 *
 * <p>The embedded server is detached from the JVM (its {@code pg_ctl} starts it in a session of its
 * own), so a JVM killed with SIGKILL leaves it running, holding {@code postmaster.pid}: a new server
 * on the same directory would refuse to start. Called while this process holds the data
 * directory's lock, so a server found here belongs to no live Airlock node. It gets a fast
 * shutdown (SIGINT), then an immediate one (SIGQUIT), then SIGKILL, each with a deadline.
 *
 * <p>A {@code postmaster.pid} naming a process that no longer exists is left for PostgreSQL, which
 * replaces it. One naming an exited but unreaped process (a zombie: here nothing may reap orphans)
 * or an unrelated process that reuses the PID is removed, since PostgreSQL would take either for a
 * running server and refuse to start.
 */
final class LeftoverPostgres {
  private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(20);
  private static final Duration LAST_RESORT = Duration.ofSeconds(5);
  private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

  /** What {@code /proc} says about the PID in {@code postmaster.pid}. */
  enum State {
    /** No such process. */
    GONE,
    /** Exited, not yet reaped. */
    ZOMBIE,
    /** A postgres process serving this data directory. */
    SERVING,
    /** Some other process with the same PID. */
    OTHER
  }

  private final Path pgDir;
  private final Path pidFile;

  LeftoverPostgres(Path pgDir) {
    this.pgDir = pgDir;
    this.pidFile = pgDir.resolve("postmaster.pid");
  }

  /** Clears the way for a new server; returns what was found and done, if anything, for one log line. */
  Optional<String> clear() {
    long pid = postmasterPid();
    if (pid <= 0) {
      return Optional.empty();
    }
    return switch (state(pid)) {
      case GONE -> Optional.empty();
      case ZOMBIE, OTHER -> {
        removePidFile(pid);
        yield Optional.of("removed the stale " + pidFile + " (PID " + pid + " is no longer a PostgreSQL server)");
      }
      case SERVING -> Optional.of(stop(pid));
    };
  }

  private String stop(long pid) {
    long began = System.nanoTime();
    String how = "fast shutdown";
    signal(pid, "INT");
    if (!awaitStopped(pid, FAST_SHUTDOWN)) {
      how = "immediate shutdown";
      signal(pid, "QUIT");
      if (!awaitStopped(pid, LAST_RESORT)) {
        how = "SIGKILL";
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!awaitStopped(pid, LAST_RESORT)) {
          throw new StoreException(StoreException.Kind.UNAVAILABLE, "leftover_postgres",
              "PostgreSQL (PID " + pid + ") left running on " + pgDir + " by an earlier run does not stop; "
                  + "stop it and start again", null);
        }
      }
    }
    removePidFile(pid); // gone already after a clean stop; left behind by SIGKILL
    long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
    return "found PostgreSQL (PID " + pid + ") left running on " + pgDir + " by an earlier run that did not "
        + "stop cleanly; stopped it (" + how + ", " + millis + " ms)";
  }

  /** The PID on the first line of postmaster.pid, or 0 when there is none or it is unreadable. */
  long postmasterPid() {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).trim());
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException | NumberFormatException e) {
      return 0; // PostgreSQL reports a damaged lock file itself, in words the operator can act on
    }
  }

  State state(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    if (!Files.isDirectory(Path.of("/proc", "self"))) {
      // No /proc: the data directory cannot be checked, the program name can.
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .map(h -> h.info().command().filter(c -> c.endsWith("/postgres")).isPresent() ? State.SERVING : State.OTHER)
          .orElse(State.GONE);
    }
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
      int end = stat.lastIndexOf(')');
      char s = end > 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      if (s == 'Z' || s == 'X') {
        return State.ZOMBIE;
      }
      String command = Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim();
      Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
      // The postmaster works in its data directory.
      return command.equals("postgres") && cwd.equals(pgDir.toRealPath()) ? State.SERVING : State.OTHER;
    } catch (NoSuchFileException e) {
      return State.GONE;
    } catch (IOException e) {
      return Files.exists(proc) ? State.OTHER : State.GONE;
    }
  }

  private boolean awaitStopped(long pid, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state(pid) == State.SERVING) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return true;
  }

  /** Sends a signal the JDK cannot send itself (it has only SIGTERM and SIGKILL). */
  private static void signal(long pid, String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (kill.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // no kill(1) here: SIGTERM below asks for a smart shutdown, which the deadline still bounds
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }

  private void removePidFile(long pid) {
    if (postmasterPid() != pid) {
      return;
    }
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new StoreException("cannot remove the stale " + pidFile, e);
    }
  }
}
