package dev.airlock.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Open file descriptors of a process ({@code /proc/PID/fd}) and its limit on them. */
public final class OpenFiles {
  /** A limit that {@code /proc/PID/limits} gives as "unlimited". */
  public static final long UNLIMITED = Long.MAX_VALUE;

  private final Path proc;

  public OpenFiles() {
    this(Path.of("/proc"));
  }

  OpenFiles(Path proc) {
    this.proc = proc;
  }

  /** Descriptors the process holds now (sockets, files, pipes, epoll instances); -1 when unreadable. */
  public int count(long pid) {
    int n = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("fd"))) {
      for (Path ignored : fds) {
        n++;
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The soft limit on open files of the process, {@link #UNLIMITED}, or -1 when unreadable. */
  public long softLimit(long pid) {
    try {
      return parseSoftLimit(Files.readString(proc.resolve(Long.toString(pid)).resolve("limits")));
    } catch (IOException e) {
      return -1;
    }
  }

  /** The soft value of the "Max open files" line of a {@code /proc/PID/limits} text. */
  static long parseSoftLimit(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? UNLIMITED : Long.parseLong(soft);
      }
    }
    throw new IllegalArgumentException("no \"Max open files\" line in the limits text");
  }
}
