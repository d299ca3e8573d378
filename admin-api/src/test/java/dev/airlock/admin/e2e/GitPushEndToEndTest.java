package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real {@code git push} over HTTPS through Airlock to a local git http-backend standing in for
 * github.com, by an agent of the production environment where force-pushes to main are blocked,
 * and, as everywhere, a secret in a pushed file or commit message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitPushEndToEndTest {
  static AirlockHarness h;
  static RecordingUpstream github;
  static Path bare;
  static Path work;
  static String botKey;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    Path repos = Files.createDirectories(h.dir.resolve("repos/acme"));
    bare = repos.resolve("app.git");
    git(repos, "init", "--bare", "-q", "-b", "main", "app.git");
    git(bare, "config", "http.receivepack", "true");
    github = h.https("github.com");
    github.onAnyPath(new GitHttpBackend(h.dir.resolve("repos")));
    h.start();
    h.admin("POST", "/api/v1/environments", "{\"slug\":\"production\",\"name\":\"Production\",\"is_production\":true}");
    JsonNode agent = h.admin("POST", "/api/v1/agents", "{\"name\":\"ci-bot\",\"env\":\"production\"}");
    botKey = agent.get("data").get("key").get("secret").asText();
    work = Files.createDirectories(h.dir.resolve("work"));
    git(work, "init", "-q", "-b", "main");
    commit("first");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  @Order(1)
  void creatingAndFastForwardingMainIsAllowed() throws Exception {
    assertThat(push("main").exit()).isZero();
    commit("second");
    Clients.Result ff = push("main");
    assertThat(ff.exit()).as(ff.toString()).isZero();
    assertThat(remoteHead("main")).isEqualTo(localHead());
  }

  @Test
  @Order(2)
  void forcePushToMainIsBlocked() throws Exception {
    String before = remoteHead("main");
    git(work, "commit", "-q", "--amend", "-m", "rewritten");
    java.time.Instant pushed = java.time.Instant.now();
    Clients.Result r = push("+main");
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(remoteHead("main")).isEqualTo(before);
    JsonNode t = lastTrace("DENY", pushed);
    assertThat(t.get("operation").asText()).isEqualTo("git_push");
    assertThat(t.get("reasons").toString()).contains("FORCE_PUSH_BLOCKED");
    // git reads Airlock's answer as its own report-status and names the reason and the trace.
    assertThat(r.stderr()).as(r.toString())
        .contains("! [remote rejected] main -> main (airlock: Airlock blocked this request: FORCE_PUSH_BLOCKED")
        .contains("trace " + t.get("id").asText() + ")")
        .doesNotContain("Everything up-to-date").doesNotContain("RPC failed");
    assertThat(t.get("status").asInt()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void forcePushToAFeatureBranchIsAllowed() throws Exception {
    git(work, "checkout", "-q", "-b", "feature/x");
    commit("feature work");
    assertThat(push("feature/x").exit()).isZero();
    git(work, "commit", "-q", "--amend", "-m", "feature work, amended");
    Clients.Result r = push("+feature/x");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(remoteHead("feature/x")).isEqualTo(localHead());
  }

  @Test
  @Order(4)
  void deletingMainIsBlocked() throws Exception {
    java.time.Instant pushed = java.time.Instant.now();
    Clients.Result r = push(":main");
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(remoteHead("main")).isNotEmpty();
    JsonNode t = lastTrace("DENY", pushed);
    assertThat(t.get("reasons").toString()).contains("PROTECTED_BRANCH_DELETE");
    assertThat(r.stderr()).as(r.toString()).contains("! [remote rejected] main (airlock: ")
        .contains("trace " + t.get("id").asText() + ")");
  }

  @Test
  @Order(5)
  void aCommittedKeyIsDeniedAndNeverReachesTheServer() throws Exception {
    git(work, "checkout", "-q", "-b", "leak");
    Files.writeString(work.resolve("settings.py"), "AWS_ACCESS_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\"\n");
    git(work, "add", "settings.py");
    git(work, "commit", "-q", "-m", "add settings");
    long posts = receivePackPosts();
    java.time.Instant pushed = java.time.Instant.now();

    Clients.Result r = push("leak");

    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(remoteHead("leak")).isEmpty();
    assertThat(receivePackPosts()).as("pushes that reached the server").isEqualTo(posts);
    JsonNode t = lastTrace("DENY", pushed);
    assertThat(t.get("reasons").toString()).contains("SECRET_DETECTED");
    assertThat(t.get("data_classes").toString()).contains("SECRETS.aws_access_key");
    assertThat(r.stderr()).as(r.toString())
        .contains("! [remote rejected] leak -> leak (airlock: Airlock blocked this request: SECRET_DETECTED")
        .contains("trace " + t.get("id").asText() + ")");
  }

  @Test
  @Order(6)
  void aKeyInACommitMessageIsDenied() throws Exception {
    git(work, "checkout", "-q", "-b", "message", "feature/x");
    Files.writeString(work.resolve("deploy.txt"), "deploy notes\n");
    git(work, "add", "deploy.txt");
    git(work, "commit", "-q", "-m", "deploy with key AKIAIOSFODNN7EXAMPLE");

    Clients.Result r = push("message");

    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(remoteHead("message")).isEmpty();
    assertThat(r.stderr()).as(r.toString()).contains("! [remote rejected] message -> message (airlock: ")
        .contains("SECRET_DETECTED");
  }

  /** The second push sends the changed file as a delta against the copy the server already has. */
  @Test
  @Order(7)
  void aKeyAddedToAFileTheServerHasIsDeniedAndACleanPushGoesThrough() throws Exception {
    git(work, "checkout", "-q", "-b", "notes", "feature/x");
    StringBuilder notes = new StringBuilder();
    for (int i = 1; i <= 200; i++) {
      notes.append("release note ").append(i).append(": the same long text that repeats with a number\n");
    }
    Files.writeString(work.resolve("NOTES"), notes);
    git(work, "add", "NOTES");
    git(work, "commit", "-q", "-m", "release notes");
    Clients.Result clean = push("notes");
    assertThat(clean.exit()).as(clean.toString()).isZero();
    String before = remoteHead("notes");
    assertThat(before).isEqualTo(localHead());

    Files.writeString(work.resolve("NOTES"), notes + "aws key AKIAIOSFODNN7EXAMPLE\n");
    git(work, "commit", "-q", "-am", "one more note");
    Clients.Result r = push("notes");

    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(remoteHead("notes")).isEqualTo(before);
    assertThat(r.stderr()).as(r.toString()).contains("! [remote rejected] notes -> notes (airlock: ")
        .contains("SECRET_DETECTED");
  }

  @Test
  @Order(8)
  void aPushTooLargeToInspectIsRefused() throws Exception {
    git(work, "checkout", "-q", "-b", "big", "feature/x");
    // 2 MiB of text compresses to a few kilobytes, but no single file over 1 MiB is inspected.
    Files.writeString(work.resolve("big.txt"), "the same line again and again\n".repeat(70_000));
    git(work, "add", "big.txt");
    git(work, "commit", "-q", "-m", "big file");
    long posts = receivePackPosts();

    Clients.Result r = push("big");

    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(remoteHead("big")).isEmpty();
    assertThat(receivePackPosts()).isEqualTo(posts);
    assertThat(r.stderr()).as(r.toString()).contains("! [remote rejected] big -> big (airlock: ")
        .contains("BODY_TOO_LARGE_TO_INSPECT");
  }

  private static long receivePackPosts() {
    return github.received().stream()
        .filter(x -> x.method().equals("POST") && x.uri().endsWith("/git-receive-pack")).count();
  }

  /** The newest trace with this decision for a git push that started at or after {@code since}. */
  private static JsonNode lastTrace(String decision, java.time.Instant since) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode data = h.admin("GET", "/api/v1/traces?env=production&agent=ci-bot&decision=" + decision + "&limit=1",
          null).get("data");
      if (data.size() > 0 && data.get(0).get("operation").asText().equals("git_push")
          && !java.time.Instant.parse(data.get(0).get("time").asText()).isBefore(since.minusMillis(5))) {
        return data.get(0);
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("no recent " + decision + " git_push trace");
  }

  private static Clients.Result push(String refspec) throws Exception {
    return Clients.run(work, env(), List.of("git", "-c", "http.proxy=" + h.proxyUrl("ci-bot", botKey),
        "-c", "credential.helper=", "push", "https://github.com/acme/app.git", refspec));
  }

  private static void commit(String message) throws Exception {
    Files.writeString(work.resolve("file.txt"), message + "\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    git(work, "add", "file.txt");
    git(work, "commit", "-q", "-m", message);
  }

  private static String localHead() throws Exception {
    return git(work, "rev-parse", "HEAD");
  }

  private static String remoteHead(String branch) throws Exception {
    return git(bare, "rev-parse", "--verify", "-q", "refs/heads/" + branch);
  }

  private static Map<String, String> env() {
    return Map.of("HOME", h.dir.toString(), "GIT_SSL_CAINFO", String.valueOf(h.airlockCa),
        "GIT_AUTHOR_NAME", "Agent", "GIT_AUTHOR_EMAIL", "agent@example.com",
        "GIT_COMMITTER_NAME", "Agent", "GIT_COMMITTER_EMAIL", "agent@example.com");
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Clients.Result r = Clients.run(dir, env(), cmd);
    if (r.exit() != 0 && !(args.length > 0 && args[0].equals("rev-parse"))) {
      throw new AssertionError("git " + String.join(" ", args) + " failed: " + r);
    }
    return r.stdout().trim();
  }
}
