package dev.airlock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine for the report header. */
final class Machine {
  private Machine() {}

  /** Cores, CPU, memory, kernel and the load average now: the report's machine line. */
  static String summary() {
    return Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel() + ", " + memory()
        + " RAM, Linux " + kernel() + ", load average at the end " + loadAverage();
  }

  static String cpuModel() {
    return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown");
  }

  static String memory() {
    return firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> Math.round(Long.parseLong(v.split("\\s+")[0]) / 1024.0 / 1024.0) + " GiB")
        .orElse("unknown");
  }

  static String kernel() {
    return read(Path.of("/proc/sys/kernel/osrelease")).strip();
  }

  static String loadAverage() {
    String[] f = read(Path.of("/proc/loadavg")).split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    return read(file).lines()
        .filter(l -> l.startsWith(key))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
