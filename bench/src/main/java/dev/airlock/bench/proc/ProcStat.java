package dev.airlock.bench.proc;

/**
 * The fields of {@code /proc/PID/stat} the benchmark needs.
 *
 * @param pid the process
 * @param ppid its parent
 * @param cpuTicks utime + stime, plus cutime + cstime (children it already reaped)
 */
public record ProcStat(long pid, long ppid, long cpuTicks) {

  /** Parses one stat line; the command name may hold spaces and parentheses, so split after the last ')'. */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      throw new IllegalArgumentException("not a /proc stat line: " + line);
    }
    long pid = Long.parseLong(line.substring(0, open).trim());
    String[] f = fieldsAfterName(line);
    long ppid = Long.parseLong(f[1]);
    long ticks = ownTicks(f) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return new ProcStat(pid, ppid, ticks);
  }

  /**
   * The fields after the command name of a process or thread stat line; index 0 is field 3
   * (state), then ppid(4) ... utime(14) stime(15) cutime(16) cstime(17).
   */
  static String[] fieldsAfterName(String line) {
    return line.substring(line.lastIndexOf(')') + 1).trim().split("\\s+");
  }

  /** utime + stime: CPU the process or thread used itself. */
  static long ownTicks(String[] fieldsAfterName) {
    return Long.parseLong(fieldsAfterName[11]) + Long.parseLong(fieldsAfterName[12]);
  }
}
