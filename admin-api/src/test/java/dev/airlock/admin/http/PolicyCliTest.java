package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy and tool commands through the real CLI against a real server. */
class PolicyCliTest extends AdminServerTestBase {
  @TempDir Path dir;

  @BeforeEach
  void environments() {
    store.environments().create(Environment.of("dev", "Dev"));
    store.environments().create(Environment.of("staging", "Staging"));
    store.environments().create(new Environment("prod", "Production", "", true, EnforcementMode.ENFORCE,
        Action.ALLOW, 25, 1.5, null, null));
  }

  private Cli.Result cli(String... args) {
    return Cli.run(Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token), args);
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private int versions(String name, String env) throws Exception {
    HttpResponse response = new HttpResponse(get("/api/v1/policies/" + name + "/versions?env=" + env, bearer()));
    return response.status == 404 ? 0 : response.body.at("/meta/total").asInt();
  }

  private record HttpResponse(int status, JsonNode body) {
    HttpResponse(java.net.http.HttpResponse<String> r) throws Exception {
      this(r.statusCode(), json.readTree(r.body()));
    }
  }

  private static String yaml(String action) {
    return "name: chat\nrules:\n  - id: slack-writes\n    match: {tool_name: slack, verb: WRITE}\n    action: "
        + action + "\n";
  }

  @Test
  void applyShowsTheDiffAndAProductionChangeNeedsYes() throws Exception {
    Path allow = file("chat.yaml", yaml("ALLOW"));
    Cli.Result dev = cli("policy", "apply", "-f", allow.toString(), "--env", "dev");
    assertThat(dev.exitCode()).as(dev.err()).isZero();
    assertThat(dev.out()).startsWith("Policy chat [dev]: (none) -> the new document\n"
        + "  + rule slack-writes (ALLOW, priority 100)\n")
        .contains("--- /dev/null\n+++ chat (candidate)\n")
        .endsWith("Applied policy 'chat' version 1 (" + dev.out().replaceAll("(?s).*\\((pol_[0-9a-zA-Z]+).*", "$1")
            + ", 1 rules, environments dev).\n");

    Path deny = file("chat-deny.yaml", yaml("DENY"));
    Cli.Result changed = cli("policy", "apply", "-f", deny.toString(), "--env", "dev");
    assertThat(changed.out()).contains("Policy chat [dev]: v1 -> the new document\n"
        + "  ~ rule slack-writes: action \"ALLOW\" -> \"DENY\"\n");

    Cli.Result refused = cli("policy", "apply", "-f", deny.toString(), "--env", "prod");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).contains("+ rule slack-writes");
    assertThat(refused.err()).isEqualTo("airlock: refusing to apply policy chat in production environment prod"
        + " without --yes (review the diff above, then run again with --yes)\n");
    assertThat(versions("chat", "prod")).isZero();

    Cli.Result confirmed = cli("policy", "apply", "-f", deny.toString(), "--env", "prod", "--yes");
    assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
    assertThat(versions("chat", "prod")).isEqualTo(1);
  }

  @Test
  void versionsDiffAndRollback() throws Exception {
    cli("policy", "apply", "-f", file("a.yaml", yaml("ALLOW")).toString(), "--env", "dev");
    cli("policy", "apply", "-f", file("b.yaml", yaml("DENY")).toString(), "--env", "dev");

    Cli.Result listed = cli("policy", "versions", "chat", "--env", "dev");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out().lines().toList()).hasSize(3);
    assertThat(listed.out()).startsWith("VERSION  ID").containsPattern("\\n2 +pol_\\w+ +yes +dev +1 ")
        .containsPattern("\\n1 +pol_\\w+ +- +dev +1 ");

    Cli.Result diff = cli("policy", "diff", "chat", "--env", "dev");
    assertThat(diff.exitCode()).as(diff.err()).isZero();
    assertThat(diff.out()).startsWith("Policy chat [dev]: v1 -> v2\n  ~ rule slack-writes: action \"ALLOW\" ->"
        + " \"DENY\"\n").contains("--- chat v1\n+++ chat v2\n");
    Cli.Result reverse = cli("policy", "diff", "chat", "--from", "2", "--to", "1", "-o", "json");
    assertThat(json.readTree(reverse.out()).at("/rules/changed/0/fields/0/to").asText()).isEqualTo("ALLOW");
    Cli.Result candidate = cli("policy", "diff", "-f", file("c.yaml", yaml("SANITIZE")).toString(), "--env", "dev");
    assertThat(candidate.out()).startsWith("Policy chat [dev]: v2 -> the new document\n"
        + "  ~ rule slack-writes: action \"DENY\" -> \"SANITIZE\"\n");
    Cli.Result both = cli("policy", "diff", "chat", "-f", "c.yaml");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).startsWith("airlock: Give a policy NAME or -f FILE (one of them)\n");

    Cli.Result rolled = cli("policy", "rollback", "chat", "--to", "1", "--env", "dev");
    assertThat(rolled.exitCode()).as(rolled.err()).isZero();
    assertThat(rolled.out()).contains("~ rule slack-writes: action \"DENY\" -> \"ALLOW\"")
        .endsWith("Rolled back policy 'chat' to version 1: it is now version 3 ("
            + rolled.out().replaceAll("(?s).*version 3 \\((pol_\\w+)\\).*", "$1") + ").\n");
    Cli.Result again = cli("policy", "rollback", "chat", "--to", "1", "--env", "dev");
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).endsWith("Version 1 of policy 'chat' is already in force; nothing changed.\n");
    assertThat(versions("chat", "dev")).isEqualTo(3);

    Cli.Result missing = cli("policy", "rollback", "chat", "--to", "9", "--env", "dev");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).isEqualTo("airlock: not_found: policy chat has no version 9\n");

    // Rolling back in production needs --yes, like applying there.
    cli("policy", "apply", "-f", file("p1.yaml", yaml("ALLOW")).toString(), "--env", "prod", "--yes");
    cli("policy", "apply", "-f", file("p2.yaml", yaml("DENY")).toString(), "--env", "prod", "--yes");
    Cli.Result prod = cli("policy", "rollback", "chat", "--to", "1", "--env", "prod");
    assertThat(prod.exitCode()).isEqualTo(2);
    assertThat(prod.err()).contains("refusing to roll back policy chat in production environment prod without --yes");
    assertThat(versions("chat", "prod")).isEqualTo(2);
  }

  @Test
  void promoteThroughTheEnvironments() throws Exception {
    cli("policy", "apply", "-f", file("a.yaml", yaml("DENY")).toString(), "--env", "dev");

    Cli.Result staging = cli("policy", "promote", "chat", "--from", "dev", "--to", "staging");
    assertThat(staging.exitCode()).as(staging.err()).isZero();
    assertThat(staging.out()).startsWith("Policy chat [staging]: (none) -> the new document\n")
        .containsPattern("Promoted policy 'chat' from dev to staging: version 1 \\(pol_\\w+\\)\\.\\n$");

    Cli.Result prod = cli("policy", "promote", "chat", "--from", "staging", "--to", "prod");
    assertThat(prod.exitCode()).isEqualTo(2);
    assertThat(prod.err()).isEqualTo("airlock: refusing to promote policy chat in production environment prod"
        + " without --yes (review the diff above, then run again with --yes)\n");
    assertThat(versions("chat", "prod")).isZero();
    Cli.Result confirmed = cli("policy", "promote", "chat", "--from", "staging", "--to", "prod", "--yes", "-o",
        "json");
    assertThat(confirmed.exitCode()).as(confirmed.err()).isZero();
    assertThat(json.readTree(confirmed.out()).at("/policy/env_names/0").asText()).isEqualTo("prod");
    assertThat(confirmed.err()).contains("Policy chat [prod]");

    Cli.Result same = cli("policy", "promote", "chat", "--from", "staging", "--to", "prod");
    assertThat(same.exitCode()).isZero();
    assertThat(same.out()).endsWith("Policy 'chat' in prod already equals the one in staging; nothing changed.\n");
  }

  @Test
  void simulatePrintsTheChangesWithExamples() throws Exception {
    cli("policy", "apply", "-f", file("a.yaml", yaml("ALLOW")).toString(), "--env", "staging");
    Instant now = Instant.now();
    store.traces().insert(List.of(
        new Trace("trc_one", now.minus(2, ChronoUnit.MINUTES), "staging", "bot", "key_1", "slack", "post_message",
            "WRITE", "POST", "slack.com", "/api/chat.postMessage", 200, "ALLOW", "ALLOW", List.of("SLACK_WRITES"),
            "chat/slack-writes", 0.1, "LOW", List.of(), List.of(), 0, 10, 5, 3),
        new Trace("trc_two", now.minus(1, ChronoUnit.MINUTES), "staging", "bot", "key_1", "slack", "post_message",
            "WRITE", "POST", "slack.com", "/api/chat.postMessage", 200, "ALLOW", "ALLOW", List.of("SLACK_WRITES"),
            "chat/slack-writes", 0.1, "LOW", List.of(), List.of(), 0, 10, 5, 3)));

    Cli.Result r = cli("policy", "simulate", "-f", file("deny.yaml", yaml("DENY")).toString(), "--env", "staging",
        "--since", "1h");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Replayed 2 traces of environment staging since ")
        .contains(" against chat: 2 decisions change, 0 unchanged, 0 not fully evaluated.\n")
        .contains("FROM   TO    COUNT  EXAMPLES\nALLOW  DENY  2      trc_two, trc_one\n");

    Cli.Result bad = cli("policy", "simulate", "-f", file("bad.yaml", "name: x\nrules:\n  - id: r\n    action: BLOK\n")
        .toString(), "--env", "staging", "--since", "1h");
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).startsWith(dir.resolve("bad.yaml") + ": rules[0].action: \"BLOK\"");
    Cli.Result noSince = cli("policy", "simulate", "-f", "x.yaml", "--env", "staging");
    assertThat(noSince.exitCode()).isEqualTo(2);
  }

  @Test
  void toolsAreCreatedListedAndDeleted() throws Exception {
    Path entry = file("acme.yaml", "tool: acme\nhosts: [api.acme.example]\noperations:\n"
        + "  - {name: create_ticket, method: POST, path: /v1/tickets}\n");
    Cli.Result created = cli("tool", "create", "-f", entry.toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).isEqualTo("Added tool 'acme' (1 operations on api.acme.example); it is in force now.\n");

    Cli.Result listed = cli("tool", "list");
    assertThat(listed.out()).startsWith("NAME  HOSTS             OPERATIONS  CREATED")
        .contains("\nacme  api.acme.example  1");

    Cli.Result bad = cli("tool", "create", "-f", file("bad.json", "{\"tool\":\"b\",\"hosts\":[\"\"]}").toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).isEqualTo(dir.resolve("bad.json") + ": hosts[0]: \"\" (expected: a host name or glob)\n");

    Cli.Result deleted = cli("tool", "delete", "acme");
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).isEqualTo("Removed tool 'acme'.\n");
    Cli.Result empty = cli("tool", "list");
    assertThat(empty.err()).contains("No tools added");
    Cli.Result gone = cli("tool", "delete", "acme");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("airlock: not_found: tool not found: acme\n");
  }
}
