package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.Main;
import dev.airlock.admin.store.Database;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock serve} that cannot start: one line naming the cause, exit code 1, never "internal error". */
class ServeStartFailureTest {
  @TempDir
  Path dir;

  @Test
  void aPortInUseIsNamedWithItsAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli.Result r = serve("--proxy-listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).startsWith("airlock: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
          .contains("Address already in use");
      assertThat(r.err().lines()).hasSize(1);
    }
  }

  @Test
  void anEmbeddedDatabaseThatCannotStartIsReportedWithPostgresReason() throws Exception {
    Path data = dir.resolve("data");
    Database.embedded(data).close();
    Files.writeString(data.resolve("pg/postgresql.conf"), "no_such_setting = on\n", StandardOpenOption.APPEND);

    Cli.Result r = serve("--proxy-listen", "127.0.0.1:0");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("airlock: cannot start embedded PostgreSQL in " + data.resolve("pg") + ": FATAL:")
        .doesNotContain("internal error");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void aBrokenGitleaksRuleFileIsNamedWithItsRuleAndProblem() throws Exception {
    Path rules = Files.writeString(dir.resolve("gitleaks.toml"),
        "[[rules]]\nid = \"team-token\"\nregex = '''TEAM-[0-9{8}'''\nkeywords = [\"team-\"]\n");
    Path config = Files.writeString(dir.resolve("airlock.yaml"), "detectors:\n  rule_files: [gitleaks.toml]\n");

    Cli.Result r = serve("--proxy-listen", "127.0.0.1:0", "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("airlock: detectors.rule_files: " + rules
        + ": rule \"team-token\": regex: missing closing ] in '''TEAM-[0-9{8}''' (expected: RE2 syntax)"
        + System.lineSeparator());
    assertThat(dir.resolve("data")).as("stopped before anything started").doesNotExist();
  }

  private Cli.Result serve(String... more) {
    String[] args = {"serve", "--data-dir", dir.resolve("data").toString(), "--admin-listen", "127.0.0.1:0",
        "--policies-dir", "../conf/policies", "--tools-dir", dir.resolve("no-tools").toString()};
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(Main.newCommandLine(), all);
  }
}
