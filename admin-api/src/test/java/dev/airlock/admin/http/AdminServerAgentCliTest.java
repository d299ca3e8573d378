package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.Environment;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code airlock agent …} run in-process against a real admin server and database. */
class AdminServerAgentCliTest extends AdminServerTestBase {
  private static final Pattern SECRET = Pattern.compile("alk_[A-Za-z0-9_-]{43}");

  @BeforeEach
  void staging() {
    store.environments().create(Environment.of("staging", "Staging"));
    directory.load(); // forget the agents of earlier tests, truncated without notice
  }

  private Map<String, String> env() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  /** An API refusal: exit 1 and one line naming it. */
  private Cli.Result fails(String expected, String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("airlock: ").contains(expected);
    return r;
  }

  /** A usage error: exit 2, the reason and a hint, and no call made. */
  private Cli.Result misused(String expected, String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(2);
    assertThat(r.err().lines().findFirst().orElseThrow()).startsWith("airlock: ").contains(expected);
    return r;
  }

  @Test
  void createListAndShowAnAgentByIdOrName() throws Exception {
    Cli.Result created = ok("agent", "create", "ci-bot", "--env", "staging", "--runtime", "langchain");
    Matcher secret = SECRET.matcher(created.out());
    assertThat(secret.find()).isTrue();
    assertThat(created.out()).contains("Created agent 'ci-bot' (agt_", "in environment 'staging'");
    assertThat(created.err()).contains("will not be shown again");
    assertThat(directory.authenticate("ci-bot", secret.group()).get(5, TimeUnit.SECONDS)).isPresent();
    ok("agent", "create", "ci-bot", "--env", "default");
    ok("agent", "create", "other", "--env", "default", "--runtime-type", "crewai");

    Cli.Result all = ok("agent", "list");
    assertThat(all.out().lines()).hasSize(4).first().asString().startsWith("ID ").contains("NAME", "ENV", "STATUS");
    Cli.Result staging = ok("agent", "list", "--env", "staging");
    assertThat(staging.out().lines()).hasSize(2);
    assertThat(staging.out()).contains("ci-bot", "staging", "langchain");
    assertThat(ok("agent", "list", "--status", "suspended").err()).isEqualTo("No agents.\n");
    Cli.Result page = ok("agent", "list", "--limit", "1");
    assertThat(page.out().lines()).hasSize(2);
    String cursor = page.err().replaceAll("(?s).*--cursor (\\S+).*", "$1");
    assertThat(ok("agent", "list", "--limit", "1", "--cursor", cursor).out()).doesNotContain(page.out().lines()
        .skip(1).findFirst().orElseThrow());
    assertThat(ok("agent", "list", "--name", "other", "-o", "json").out()).contains("\"runtime_type\": \"crewai\"");

    String id = json.readTree(ok("agent", "show", "ci-bot", "--env", "staging", "-o", "json").out())
        .get("id").asText();
    Cli.Result shown = ok("agent", "show", id);
    assertThat(shown.out()).contains("Name:", "ci-bot", "Environment:", "staging", "Runtime:", "langchain",
        "Keys:", "KIND", "active").doesNotContain(secret.group());
    assertThat(ok("agent", "show", "other").out()).contains("crewai");

    fails("agents named 'ci-bot' exist in several environments (default, staging): add --env",
        "agent", "show", "ci-bot");
    fails("no agent named 'ghost'", "agent", "show", "ghost");
    fails("not_found: agent not found: agt_000000000000000000000000", "agent", "show", "agt_000000000000000000000000");
    fails("conflict: an agent named 'ci-bot' already exists in environment 'staging'",
        "agent", "create", "ci-bot", "--env", "staging");
    fails("invalid_runtime_type", "agent", "create", "x", "--env", "staging", "--runtime", "skynet");
    misused("Invalid value for option '--status'", "agent", "list", "--status", "gone");
    misused("Invalid value for option '--limit': 0", "agent", "list", "--limit", "0");
    misused("Missing required parameter: 'AGENT'", "agent", "show");
  }

  @Test
  void updateRenamesAndChangesTheRuntime() throws Exception {
    String secret = secretOf(ok("agent", "create", "ci-bot", "--env", "default"));
    ok("agent", "create", "taken", "--env", "default");

    Cli.Result renamed = ok("agent", "update", "ci-bot", "--name", "ci-bot-2", "--runtime", "openclaw");
    assertThat(renamed.out()).contains("Updated agent 'ci-bot-2'", "openclaw");
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(directory.authenticate("ci-bot-2", secret).get(5, TimeUnit.SECONDS)).isPresent();

    fails("conflict: an agent named 'taken' already exists", "agent", "update", "ci-bot-2", "--name", "taken");
    fails("invalid_runtime_type", "agent", "update", "ci-bot-2", "--runtime", "skynet");
    fails("no agent named 'ci-bot'", "agent", "update", "ci-bot", "--name", "x");
    misused("Nothing to update: give --name or --runtime", "agent", "update", "ci-bot-2");
  }

  @Test
  void suspendUnsuspendAndDelete() throws Exception {
    String secret = secretOf(ok("agent", "create", "ci-bot", "--env", "default"));

    assertThat(ok("agent", "suspend", "ci-bot").out()).startsWith("Suspended agent 'ci-bot' (agt_");
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(ok("agent", "list", "--status", "suspended").out()).contains("ci-bot");
    assertThat(ok("agent", "unsuspend", "ci-bot", "--env", "default").out()).startsWith("Unsuspended agent 'ci-bot'");
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS)).isPresent();

    misused("add --yes to confirm", "agent", "delete", "ci-bot");
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS)).as("not deleted").isPresent();
    assertThat(ok("agent", "delete", "ci-bot", "--yes").out())
        .startsWith("Deleted agent 'ci-bot' (agt_").contains("and its 1 key; its traces are kept.");
    assertThat(directory.authenticate("ci-bot", secret).get(5, TimeUnit.SECONDS)).isEmpty();
    fails("no agent named 'ci-bot'", "agent", "delete", "ci-bot", "--yes");
    fails("no agent named 'ci-bot'", "agent", "suspend", "ci-bot");
  }

  @Test
  void keysAreListedCreatedRotatedAndRevoked() throws Exception {
    Cli.Result created = ok("agent", "create", "ci-bot", "--env", "default");
    String first = secretOf(created);
    String firstId = created.out().replaceAll("(?s).*Key id: (key_\\w+).*", "$1");

    Cli.Result issued = ok("agent", "key", "create", "ci-bot");
    String second = secretOf(issued);
    assertThat(issued.out()).startsWith("Created key key_");
    assertThat(issued.err()).contains("will not be shown again");
    String secondId = issued.out().replaceAll("(?s)Created key (key_\\w+).*", "$1");

    Cli.Result rotated = ok("agent", "key", "rotate", "ci-bot", firstId);
    String third = secretOf(rotated);
    assertThat(rotated.out()).contains("Rotated key " + firstId, "New key id: key_", "The old key is revoked.");
    assertThat(rotated.err()).contains("will not be shown again");
    assertThat(directory.authenticate("ci-bot", first).get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(directory.authenticate("ci-bot", third).get(5, TimeUnit.SECONDS)).isPresent();

    Cli.Result graced = ok("agent", "key", "rotate", "ci-bot", secondId, "--grace", "10m");
    assertThat(graced.out()).contains("The old key works until ", ", then stops.");
    assertThat(directory.authenticate("ci-bot", second).get(5, TimeUnit.SECONDS)).as("in its grace period").isPresent();

    Cli.Result listed = ok("agent", "key", "list", "ci-bot");
    assertThat(listed.out().lines()).hasSize(5);
    assertThat(listed.out()).contains(firstId, secondId, "revoked", "active").doesNotContain(first, second, third);
    JsonNode keys = json.readTree(ok("agent", "key", "list", "ci-bot", "-o", "json").out());
    assertThat(keys).hasSize(4);

    assertThat(ok("agent", "key", "revoke", "ci-bot", secondId).out())
        .isEqualTo("Revoked key " + secondId + " of agent 'ci-bot'.\n");
    assertThat(directory.authenticate("ci-bot", second).get(5, TimeUnit.SECONDS)).isEmpty();

    fails("conflict: key " + firstId + " is revoked", "agent", "key", "rotate", "ci-bot", firstId);
    fails("not_found: key not found: key_nope", "agent", "key", "revoke", "ci-bot", "key_nope");
    misused("Invalid value for option '--grace': '8d'", "agent", "key", "rotate", "ci-bot", firstId, "--grace", "8d");
    misused("Invalid value for option '--grace': 'soon'", "agent", "key", "rotate", "ci-bot", firstId, "--grace",
        "soon");
    misused("Missing required parameter: 'KEY_ID'", "agent", "key", "rotate", "ci-bot");
    misused("Missing command (expected one of: list, create, rotate, revoke)", "agent", "key");
  }

  @Test
  void anEnvironmentScopedKeyCannotReachAnotherEnvironmentsAgents() throws Exception {
    ok("agent", "create", "d1", "--env", "default");
    String id = json.readTree(ok("agent", "show", "d1", "-o", "json").out()).get("id").asText();
    Map<String, String> scoped = Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(),
        "AIRLOCK_ADMIN_TOKEN", AgentsApiTestBase.scopedToken("admin", "staging"));

    Cli.Result shown = Cli.run(scoped, "agent", "show", id);
    assertThat(shown.exitCode()).isEqualTo(1);
    assertThat(shown.err()).isEqualTo("airlock: not_found: agent not found: " + id + "\n");
    Cli.Result created = Cli.run(scoped, "agent", "create", "x", "--env", "default");
    assertThat(created.exitCode()).isEqualTo(1);
    assertThat(created.err()).startsWith("airlock: forbidden: this key is limited to environment staging");
    Cli.Result byName = Cli.run(scoped, "agent", "suspend", "d1");
    assertThat(byName.exitCode()).isEqualTo(1);
    assertThat(byName.err()).isEqualTo("airlock: no agent named 'd1' (list them with 'airlock agent list')\n");
  }

  @Test
  void anAuditorIsRefusedInOneLine() {
    ok("agent", "create", "ci-bot", "--env", "default");
    Map<String, String> auditor = Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(),
        "AIRLOCK_ADMIN_TOKEN", store.adminTokens().create("auditor", "reader").secret());

    assertThat(Cli.run(auditor, "agent", "list").exitCode()).isZero();
    Cli.Result refused = Cli.run(auditor, "agent", "key", "create", "ci-bot");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("airlock: forbidden: the auditor role is read-only\n");
  }

  private static String secretOf(Cli.Result r) {
    Matcher m = SECRET.matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    String secret = m.group();
    assertThat(m.find()).as("printed once").isFalse();
    return secret;
  }
}
