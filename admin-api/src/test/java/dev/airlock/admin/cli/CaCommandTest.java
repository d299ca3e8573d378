package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaCommandTest {
  @TempDir
  Path dir;

  private static Cli.Result ca(String... args) {
    return Cli.run(AirlockCommand.newCommandLine(Map.of(), new CaCommand()), args);
  }

  @Test
  void initCreatesTheCaOnceAndExportPrintsIt() throws Exception {
    Cli.Result first = ca("ca", "init", "--data-dir", dir.toString());
    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).startsWith("created CA: ");
    Path key = dir.resolve("ca/ca.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    String pem = Files.readString(dir.resolve("ca/ca.pem"));

    Cli.Result again = ca("ca", "init", "--data-dir", dir.toString());
    assertThat(again.out()).startsWith("CA already exists: ");
    assertThat(Files.readString(dir.resolve("ca/ca.pem"))).isEqualTo(pem);

    Cli.Result export = ca("ca", "export", "--data-dir", dir.toString());
    assertThat(export.exitCode()).isZero();
    assertThat(export.out()).isEqualTo(pem);
    assertThat(export.out()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void forceReplacesTheCa() throws Exception {
    ca("ca", "init", "--data-dir", dir.toString());
    String before = Files.readString(dir.resolve("ca/ca.pem"));
    assertThat(ca("ca", "init", "--force", "--data-dir", dir.toString()).exitCode()).isZero();
    assertThat(Files.readString(dir.resolve("ca/ca.pem"))).isNotEqualTo(before);
  }

  @Test
  void exportWithoutACaFailsInOneLine() {
    Cli.Result r = ca("ca", "export", "--data-dir", dir.resolve("empty").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("airlock: no CA at ").doesNotContain("\n");
  }

  @Test
  void caWithoutSubcommandIsAUsageError() {
    assertThat(ca("ca").exitCode()).isEqualTo(2);
  }
}
