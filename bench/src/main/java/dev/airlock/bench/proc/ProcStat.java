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
    // After ")": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17); index 0 is field 3.
    String[] f = line.substring(close + 1).trim().split("\\s+");
    long ppid = Long.parseLong(f[1]);
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    return new ProcStat(pid, ppid, ticks);
  }
}
