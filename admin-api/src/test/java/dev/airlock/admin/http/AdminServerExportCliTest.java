package dev.airlock.admin.http;

import static dev.airlock.admin.store.TestTraces.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.BulkTraces;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.trace.Trace;
import dev.airlock.admin.store.Poll;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock export} run in-process against a real admin server and database. */
class AdminServerExportCliTest extends AdminServerTestBase {
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(2, ChronoUnit.HOURS);

  @TempDir Path dir;
  private List<Trace> seeded;

  @BeforeEach
  void seed() {
    store.environments().create(Environment.of("staging", "Staging"));
    seeded = List.of(
        trace("default", "ci-bot", "slack", "DENY", T0),
        trace("staging", "ci-bot", "github", "ALLOW", T0.plus(30, ChronoUnit.MINUTES)),
        trace("default", "other-bot", "jira", "ALLOW", T0.plus(90, ChronoUnit.MINUTES)));
    store.traces().insert(seeded);
  }

  private Map<String, String> env() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  @Test
  void csvToStdoutParsesBackWithItsHeader() throws Exception {
    String out = ok("export", "--format", "csv").out();

    List<Map<String, String>> rows = new ArrayList<>();
    CsvMapper csv = new CsvMapper();
    try (MappingIterator<Map<String, String>> it =
        csv.readerForMapOf(String.class).with(csv.schemaWithHeader()).readValues(out)) {
      it.forEachRemaining(rows::add);
    }
    assertThat(rows).extracting(r -> r.get("id")).containsExactlyElementsOf(seeded.stream().map(Trace::id).toList());
    assertThat(rows.get(0).get("decision")).isEqualTo("DENY");
    assertThat(rows.get(0).get("reasons")).isEqualTo("SECRET_DETECTED");
  }

  @Test
  void filtersReachTheServer() throws Exception {
    String out = ok("export", "--format", "ndjson", "--env", "default", "--since", "100m").out();
    List<String> ids = out.lines().map(line -> {
      try {
        return json.readTree(line).get("id").asText();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertThat(ids).containsExactly(seeded.get(2).id());

    String until = T0.plus(60, ChronoUnit.MINUTES).toString();
    JsonNode array = json.readTree(ok("export", "--until", until).out());
    assertThat(array).hasSize(2);
  }

  @Test
  void outputFileHoldsTheExportAndNoPartialFileRemains() throws Exception {
    Path file = dir.resolve("decisions.splunk.json");

    Cli.Result r = ok("export", "--format", "splunk", "-o", file.toString());

    assertThat(r.out()).isEmpty();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(json.readTree(lines.get(0)).at("/event/id").asText()).isEqualTo(seeded.get(0).id());
    assertThat(json.readTree(lines.get(0)).get("sourcetype").asText()).isEqualTo("airlock:decision");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("decisions.splunk.json");
    }
  }

  @Test
  void aRefusedExportIsOneLineAndWritesNoFile() {
    Path file = dir.resolve("out.csv");
    String badToken = "not-a-token";
    Cli.Result r = Cli.run(Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN",
        badToken), "export", "--format", "csv", "-o", file.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines()).singleElement().asString().startsWith("airlock: ").contains("unauthorized");
    assertThat(file).doesNotExist();
    assertThat(dir.resolve("out.csv.part")).doesNotExist();

    Cli.Result badEnv = Cli.run(env(), "export", "--env", "Not_A_Slug");
    assertThat(badEnv.exitCode()).isEqualTo(1);
    assertThat(badEnv.err().lines()).singleElement().asString().contains("invalid_parameter", "env");
  }

  @Test
  void anExportCutOffMidwayFailsAndLeavesNoFile() throws Exception {
    BulkTraces.insert(store.traces(), 200_000, T0.minus(1, ChronoUnit.DAYS));
    Path file = dir.resolve("big.ndjson");

    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(
        () -> Cli.run(env(), "export", "--format", "ndjson", "-o", file.toString()));
    java.util.concurrent.atomic.AtomicInteger stopped = new java.util.concurrent.atomic.AtomicInteger();
    Path partial = dir.resolve("big.ndjson.part");
    // Once the first rows have arrived, the export is midway: its query is stopped there.
    Poll.until(java.time.Duration.ofSeconds(20), "the export to be midway", () -> {
      try {
        if (stopped.get() == 0 && Files.exists(partial) && Files.size(partial) > 0) {
          stopped.set(terminateExportQueries());
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return stopped.get() > 0 || run.isDone();
    });
    int terminated = stopped.get();
    Cli.Result r = run.get(30, TimeUnit.SECONDS);

    assertThat(terminated).as("export query seen and stopped while running").isPositive();
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err().lines()).singleElement().asString().startsWith("airlock: ").contains("failed midway");
    try (var listing = Files.list(dir)) {
      assertThat(listing).isEmpty();
    }
  }

  /** Ends the database sessions serving an export, as a database restart would. */
  private static int terminateExportQueries() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            + " AND query LIKE '%FROM traces%ORDER BY time, id%' AND state <> 'idle'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void badOptionsAreUsageErrors() {
    Cli.Result format = Cli.run(env(), "export", "--format", "xml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format", "xml");

    Cli.Result since = Cli.run(env(), "export", "--since", "yesterday");
    assertThat(since.exitCode()).isEqualTo(2);
    assertThat(since.err()).contains("yesterday");
  }

  @Test
  void helpNamesEveryFormat() {
    Cli.Result help = ok("export", "--help");
    assertThat(help.out()).startsWith("Usage: airlock export")
        .contains("--format", "json", "ndjson", "csv", "splunk", "datadog", "-o, --output=FILE", "--since", "--until",
            "--env", "--url", "--token");
  }
}
