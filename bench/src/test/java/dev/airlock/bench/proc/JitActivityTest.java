package dev.airlock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JitActivityTest {
  private static String stat(long tid, String comm, long utime, long stime) {
    return tid + " (" + comm + ") S 1 1 1 0 -1 4194368 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 30 0 1 0 0";
  }

  @TempDir
  Path proc;

  @Test
  void sumsOnlyCompilerThreadsOfTheGivenProcesses() throws Exception {
    write(100, 101, stat(101, "C2 CompilerThre", 40, 10));
    write(100, 102, stat(102, "C1 CompilerThre", 5, 5));
    write(100, 103, stat(103, "multiThreadIoEv", 900, 100));
    write(200, 201, stat(201, "C2 CompilerThre", 1000, 0));
    JitActivity jit = new JitActivity(proc);
    assertThat(jit.compilerSeconds(List.of(100L))).isEqualTo(0.6);
    assertThat(jit.anyJvm(List.of(100L))).isTrue();
  }

  @Test
  void aProcessWithoutCompilerThreadsIsNotAJvm() throws Exception {
    write(300, 300, stat(300, "squid", 500, 20));
    JitActivity jit = new JitActivity(proc);
    assertThat(jit.anyJvm(List.of(300L))).isFalse();
    assertThat(jit.compilerSeconds(List.of(300L, 999L))).isEqualTo(-1);
  }

  @Test
  void parsesThreadNamesWithSpacesAndParentheses() {
    assertThat(JitActivity.isCompilerThread(stat(7, "C2 CompilerThre", 1, 2))).isTrue();
    assertThat(JitActivity.isCompilerThread(stat(7, "odd (C2) name", 1, 2))).isFalse();
    assertThat(JitActivity.threadTicks(stat(7, "odd (x) name", 12, 30))).isEqualTo(42);
  }

  private void write(long pid, long tid, String line) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
    Files.writeString(dir.resolve("stat"), line + "\n");
  }
}
