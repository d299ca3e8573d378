package dev.airlock.bench.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time used by the JIT compiler threads of JVM processes ("C1 CompilerThre…", "C2 CompilerThre…"
 * in {@code /proc/PID/task/TID/stat}). A JVM whose compiler threads have gone quiet runs the code it
 * will keep running; while they are busy, a measurement still pays for compilation.
 */
public final class JitActivity {
  private final Path proc;

  public JitActivity() {
    this(Path.of("/proc"));
  }

  JitActivity(Path proc) {
    this.proc = proc;
  }

  /** Whether any of these processes has JIT compiler threads (is a HotSpot JVM). */
  public boolean anyJvm(List<Long> pids) {
    return compilerSeconds(pids) >= 0;
  }

  /** Compiler-thread CPU seconds of these processes together, or -1 when none has compiler threads. */
  public double compilerSeconds(List<Long> pids) {
    long ticks = 0;
    boolean found = false;
    for (long pid : pids) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(Long.toString(pid)).resolve("task"))) {
        for (Path task : tasks) {
          String stat;
          try {
            stat = Files.readString(task.resolve("stat"));
          } catch (IOException gone) {
            continue; // the thread ended between listing and reading
          }
          if (isCompilerThread(stat)) {
            found = true;
            ticks += threadTicks(stat);
          }
        }
      } catch (IOException gone) {
        // the process ended: nothing to count
      }
    }
    return found ? ticks / ProcessTree.TICKS_PER_SECOND : -1;
  }

  static boolean isCompilerThread(String statLine) {
    int open = statLine.indexOf('(');
    return open >= 0 && (statLine.startsWith("C1 CompilerThre", open + 1) || statLine.startsWith("C2 CompilerThre", open + 1));
  }

  /** utime + stime of one thread's stat line. */
  static long threadTicks(String statLine) {
    return ProcStat.ownTicks(ProcStat.fieldsAfterName(statLine));
  }
}
