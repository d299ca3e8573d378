package dev.airlock.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenFilesTest {
  private static final String LIMITS = """
      Limit                     Soft Limit           Hard Limit           Units
      Max cpu time              unlimited            unlimited            seconds
      Max processes             unlimited            unlimited            processes
      Max open files            4096                 20000                files
      Max locked memory         8388608              8388608              bytes
      """;

  @Test
  void readsTheSoftLimitOnOpenFiles() {
    assertThat(OpenFiles.parseSoftLimit(LIMITS)).isEqualTo(4096);
    assertThat(OpenFiles.parseSoftLimit(LIMITS.replace("4096       ", "unlimited  "))).isEqualTo(OpenFiles.UNLIMITED);
    assertThatThrownBy(() -> OpenFiles.parseSoftLimit("Max processes 1 1 processes\n"))
        .hasMessageContaining("Max open files");
  }

  @Test
  void countsThisProcesssDescriptorsAndLimit() {
    long self = ProcessHandle.current().pid();
    OpenFiles files = new OpenFiles();

    assertThat(files.count(self)).isPositive();
    assertThat(files.softLimit(self)).isGreaterThanOrEqualTo(files.count(self));
    assertThat(files.count(Long.MAX_VALUE)).isEqualTo(-1);
  }
}
