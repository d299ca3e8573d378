package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.store.Database;
import dev.airlock.admin.store.StoppablePostgres;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A database that is down or refuses us is an operational condition: one line naming it, never "internal error". */
class DatabaseErrorsTest {
  @Command(name = "open-db")
  static final class OpenDatabase implements Callable<Integer> {
    @Parameters String url;

    @Override
    public Integer call() {
      Database.external(url).close();
      return 0;
    }
  }

  @Test
  void anUnreachableDatabaseIsNamedWithoutItsPassword() {
    Cli.Result r = run("jdbc:postgresql://127.0.0.1:1/airlock?user=u&password=hunter2");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith(
        "airlock: the database at jdbc:postgresql://127.0.0.1:1/airlock?user=u&password=*** is not reachable: ")
        .contains("refused")
        .doesNotContain("hunter2")
        .doesNotContain("internal error");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aDatabaseThatRefusesUsSaysWhy() {
    try (StoppablePostgres pg = new StoppablePostgres().start()) {
      String url = pg.jdbcUrl().replace("/postgres?", "/nope?");
      Cli.Result r = run(url);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err().strip()).isEqualTo(
          "airlock: the database at " + url + " refuses the connection: FATAL: database \"nope\" does not exist");
    }
  }

  private static Cli.Result run(String url) {
    CommandLine cli = AirlockCommand.newCommandLine(Map.of(), new OpenDatabase());
    return Cli.run(cli, "open-db", url);
  }
}
