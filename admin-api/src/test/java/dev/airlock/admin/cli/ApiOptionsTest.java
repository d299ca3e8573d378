package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where the URL and token come from: flag, else environment variable, else default or file. */
class ApiOptionsTest {
  @TempDir Path dataDir;
  @TempDir Path otherDataDir;

  @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest()
      .reply("GET", "/api/v1/environments", 200, RecordingApiServer.list("[]", 0));

  @Test
  void tokenFlagWinsOverVariableAndFile() throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), "from-file\n");
    Map<String, String> env = Map.of("AIRLOCK_URL", server.url(),
        "AIRLOCK_ADMIN_TOKEN", "from-variable", "AIRLOCK_DATA_DIR", dataDir.toString());

    Cli.Result result = Cli.run(env, "env", "list", "--token", "from-flag");

    assertThat(result.exitCode()).isZero();
    assertThat(server.only().authorization()).isEqualTo("Bearer from-flag");
  }

  @Test
  void tokenVariableWinsOverFile() throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), "from-file\n");
    Map<String, String> env = Map.of("AIRLOCK_URL", server.url(),
        "AIRLOCK_ADMIN_TOKEN", "from-variable", "AIRLOCK_DATA_DIR", dataDir.toString());

    Cli.run(env, "env", "list");

    assertThat(server.only().authorization()).isEqualTo("Bearer from-variable");
  }

  @Test
  void tokenFileIsReadFromTheDataDirAndTrimmed() throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), "  from-file\n");
    Map<String, String> env =
        Map.of("AIRLOCK_URL", server.url(), "AIRLOCK_DATA_DIR", dataDir.toString());

    Cli.run(env, "env", "list");

    assertThat(server.only().authorization()).isEqualTo("Bearer from-file");
  }

  @Test
  void dataDirFlagWinsOverVariable() throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), "flag-dir-token");
    Files.writeString(otherDataDir.resolve("admin-token"), "variable-dir-token");
    Map<String, String> env =
        Map.of("AIRLOCK_URL", server.url(), "AIRLOCK_DATA_DIR", otherDataDir.toString());

    Cli.run(env, "env", "list", "--data-dir", dataDir.toString());

    assertThat(server.only().authorization()).isEqualTo("Bearer flag-dir-token");
  }

  @Test
  void blankVariablesCountAsUnset() throws IOException {
    Files.writeString(dataDir.resolve("admin-token"), "from-file");
    Map<String, String> env = new HashMap<>(Map.of("AIRLOCK_URL", server.url(),
        "AIRLOCK_ADMIN_TOKEN", " ", "AIRLOCK_DATA_DIR", dataDir.toString()));

    Cli.run(env, "env", "list");

    assertThat(server.only().authorization()).isEqualTo("Bearer from-file");
  }

  @Test
  void missingTokenFailsNamingEveryWayToGiveOne() {
    Map<String, String> env =
        Map.of("AIRLOCK_URL", server.url(), "AIRLOCK_DATA_DIR", dataDir.toString());

    Cli.Result result = Cli.run(env, "env", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("airlock: no admin token: set AIRLOCK_ADMIN_TOKEN or --token, or run on the"
            + " host with " + dataDir.resolve("admin-token") + "\n");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void urlFlagWinsOverVariable() throws IOException {
    int closedPort = closedPort();
    Map<String, String> env = Map.of("AIRLOCK_URL", server.url(), "AIRLOCK_ADMIN_TOKEN", "t");

    Cli.Result result =
        Cli.run(env, "env", "list", "--url", "http://127.0.0.1:" + closedPort);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("airlock: cannot reach the admin API at http://127.0.0.1:"
        + closedPort + " (is 'airlock serve' running?)\n");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void urlVariableIsUsedAndTrailingSlashOrApiPrefixIsTolerated() {
    Map<String, String> env =
        Map.of("AIRLOCK_URL", server.url() + "/api/v1/", "AIRLOCK_ADMIN_TOKEN", "t");

    Cli.Result result = Cli.run(env, "env", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.only().path()).isEqualTo("/api/v1/environments");
  }

  @Test
  void urlDefaultsToTheLocalAdminPort() {
    assertThat(new ApiOptions(Map.of()).url()).hasToString("http://127.0.0.1:3180");
  }

  @Test
  void dataDirDefaultsToDotData() {
    assertThat(new ApiOptions(Map.of()).dataDir()).isEqualTo(Path.of("./data"));
    assertThat(new ApiOptions(Map.of("AIRLOCK_DATA_DIR", "/srv/airlock")).dataDir())
        .isEqualTo(Path.of("/srv/airlock"));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
