package dev.airlock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void parsesTicksAfterACommandNameWithSpacesAndParentheses() {
    String line = "4242 (squid (worker) 1) S 4200 4242 969 0 -1 4194304 101 0 0 0 150 50 7 3 20 0 1 0 315570 3133440 382";

    ProcStat s = ProcStat.parse(line);

    assertThat(s.pid()).isEqualTo(4242);
    assertThat(s.ppid()).isEqualTo(4200);
    assertThat(s.cpuTicks()).isEqualTo(150 + 50 + 7 + 3);
  }

  @Test
  void treeHoldsRootsAndAllDescendantsOnly() {
    Map<Long, ProcStat> all = Map.of(
        1L, new ProcStat(1, 0, 0), 10L, new ProcStat(10, 1, 0), 11L, new ProcStat(11, 10, 0),
        12L, new ProcStat(12, 11, 0), 20L, new ProcStat(20, 1, 0), 30L, new ProcStat(30, 0, 0));
    Map<Long, List<Long>> children = Map.of(0L, List.of(1L, 30L), 1L, List.of(10L, 20L), 10L, List.of(11L), 11L, List.of(12L));

    assertThat(ProcessTree.descendants(List.of(10L, 30L, 99L), all, children)).containsExactlyInAnyOrder(10L, 11L, 12L, 30L);
  }

  @Test
  void readsResidentKilobytes() {
    assertThat(ProcessTree.parseKilobytes("VmRSS:\t    2072 kB")).isEqualTo(2072);
  }

  @Test
  void readsRollupLines() {
    String rollup = "55b0-7ffc ---p 00000000 00:00 0  [rollup]\nRss:    1732 kB\nPss:     195 kB\nPss_Shmem:    12 kB\n";

    assertThat(ProcessTree.rollupKilobytes(rollup, "Pss:")).isEqualTo(195);
    assertThat(ProcessTree.rollupKilobytes(rollup, "Pss_Shmem:")).isEqualTo(12);
    assertThat(ProcessTree.rollupKilobytes(rollup, "Pss_File:")).isZero();
  }

  @Test
  void proportionalMemoryOfThisJvmIsAtMostItsResidentMemory() {
    long self = ProcessHandle.current().pid();
    ProcessTree tree = new ProcessTree();

    ProcessTree.Proportional p = tree.proportional(List.of(self));

    assertThat(p.pssBytes()).isPositive().isLessThanOrEqualTo(tree.residentBytes(self) + (1 << 20));
    assertThat(p.sharedPssBytes()).isBetween(0L, p.pssBytes());
  }

  @Test
  void samplesThisJvm() {
    ResourceSample s = new ProcessTree().sample(List.of(ProcessHandle.current().pid()));

    assertThat(s.processes()).isGreaterThanOrEqualTo(1);
    assertThat(s.rssBytes()).isPositive();
    assertThat(s.cpuSeconds()).isPositive();
  }
}
