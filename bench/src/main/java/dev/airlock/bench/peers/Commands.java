package dev.airlock.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Small process and socket helpers the peer launchers share. */
public final class Commands {
  private Commands() {}

  /** Runs a short command to completion and returns its output; fails on a non-zero exit. */
  public static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command + " exited " + p.exitValue() + ": " + out.strip());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  /** The first line a version command prints, or "unknown". */
  public static String firstLine(List<String> command) {
    try {
      return run(command).lines().findFirst().orElse("unknown").strip();
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** Starts a peer and waits until it listens on address; stops it again if it never does. */
  static ManagedProcess startListening(String name, List<String> command, Path dir, Path output,
      InetSocketAddress address, Duration timeout) {
    ManagedProcess process = ManagedProcess.start(name, command, dir, output);
    try {
      awaitListening(address, process, timeout);
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
    return process;
  }

  /** Polls until something accepts connections on the address, the process died, or time ran out. */
  public static void awaitListening(InetSocketAddress address, ManagedProcess process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.alive()) {
        throw new IllegalStateException(process + " exited; see " + process.log());
      }
      try (Socket s = new Socket()) {
        s.connect(address, 200);
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    throw new IllegalStateException("nothing listens on " + address + " after " + timeout);
  }
}
