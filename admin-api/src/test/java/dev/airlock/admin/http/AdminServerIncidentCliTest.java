package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.cli.Cli;
import dev.airlock.admin.store.CreatedAgent;
import dev.airlock.admin.store.Environment;
import dev.airlock.proxy.trace.Trace;
import dev.airlock.proxy.trace.TraceIds;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code airlock incident …} run in-process against a real admin server and database. */
class AdminServerIncidentCliTest extends IncidentApiTestBase {
  private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);

  @BeforeEach
  void staging() {
    store.environments().create(Environment.of("staging", "Staging"));
    jira.received.clear();
  }

  private Map<String, String> env() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(), "AIRLOCK_ADMIN_TOKEN", token);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(env(), args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  private Trace stored(String env, String agent, String severity, int second) {
    Instant time = t0.plusSeconds(second);
    Trace t = new Trace(TraceIds.at(time.toEpochMilli()), time, env, agent, "key_1", "github", "create_issue",
        "WRITE", "POST", "api.github.com", "/repos/x/y/issues", 403, "DENY", "DENY", List.of("SECRET_DETECTED"),
        "block/rule", 0.5, severity, List.of(), List.of(), 1, 1, 1, -1, null, Map.of());
    store.traces().insert(List.of(t));
    return t;
  }

  @Test
  void openShowListTransitionNoteAndStats() throws Exception {
    Trace t1 = stored("staging", "ci-bot", "HIGH", 0);
    Trace t2 = stored("staging", "ci-bot", "MEDIUM", 1);
    String opened = ok("incident", "open", "--trace", t1.id(), "--trace", t2.id(), "--title", "Leaky bot").out();
    assertThat(opened).startsWith("Opened inc_").contains("Leaky bot", "HIGH", "2 trace(s)");
    String id = opened.substring("Opened ".length(), opened.indexOf(':'));

    assertThat(ok("incident", "list").out()).contains("ID", "STATUS", "TRIGGER", id, "open", "manual", "ci-bot");
    assertThat(ok("incident", "list", "--env", "default").err()).contains("No incidents.");
    JsonNode listed = new ObjectMapper().readTree(ok("incident", "list", "--agent", "ci-bot", "-o", "json").out());
    assertThat(listed).hasSize(1);

    assertThat(ok("incident", "note", id, "paged the owner").out()).startsWith("Noted on " + id);
    String shown = ok("incident", "show", id).out();
    assertThat(shown).contains(id, "Leaky bot", "staging", "ci-bot", "manual", "Timeline:", t1.id(), t2.id(),
        "github create_issue", "SECRET_DETECTED", "Notes:", "paged the owner", "test (tok_");

    Cli.Result noResolution = Cli.run(env(), "incident", "transition", id, "--status", "closed");
    assertThat(noResolution.exitCode()).isEqualTo(1);
    assertThat(noResolution.err().lines()).hasSize(1).first().asString().startsWith("airlock: ")
        .contains("resolution");
    assertThat(ok("incident", "transition", id, "--status", "investigating").out())
        .isEqualTo("Incident " + id + " is investigating.\n");
    assertThat(ok("incident", "transition", id, "--status", "closed", "--resolution", "false_positive").out())
        .contains("closed (false_positive)");
    Cli.Result illegal = Cli.run(env(), "incident", "transition", id, "--status", "investigating");
    assertThat(illegal.exitCode()).isEqualTo(1);
    assertThat(illegal.err()).contains("illegal_transition");

    String stats = ok("incident", "stats").out();
    assertThat(stats).contains("TRIGGER", "FP RATIO", "manual", "1.00");
    assertThat(Cli.run(env(), "incident", "transition", id, "--status", "closed", "--resolution", "bored").exitCode())
        .as("a resolution outside the list is a usage error").isEqualTo(2);
  }

  @Test
  void actionsFromTheCommandLine() {
    CreatedAgent agent = store.agents().create("ci-bot", "staging", "custom");
    Trace t = stored("staging", "ci-bot", "HIGH", 0);
    String opened = ok("incident", "open", "--trace", t.id()).out();
    String id = opened.substring("Opened ".length(), opened.indexOf(':'));

    assertThat(ok("incident", "action", id, "suspend_agent").out())
        .isEqualTo("Agent " + agent.agent().id() + " is now suspended (incident " + id + ").\n");
    assertThat(store.agents().find(agent.agent().id()).orElseThrow().status()).isEqualTo("suspended");
    ok("incident", "action", id, "unsuspend_agent");
    String rotated = ok("incident", "action", id, "rotate_key").out();
    assertThat(rotated).startsWith("Rotated key " + agent.key().id()).contains("alk_", "shown once");
    assertThat(ok("incident", "action", id, "open_ticket", "--system", "jira").out())
        .startsWith("Opened jira ticket SEC-42: ");
    assertThat(jira.received).hasSize(1);
    assertThat(ok("incident", "action", id, "notify_channel", "--channel", KNOWN_CHANNEL).out())
        .contains("Queued for channel " + KNOWN_CHANNEL);

    Cli.Result noChannel = Cli.run(env(), "incident", "action", id, "notify_channel");
    assertThat(noChannel.exitCode()).isEqualTo(2);
    assertThat(noChannel.err()).contains("--channel");
    Cli.Result unknown = Cli.run(env(), "incident", "action", id, "notify_channel", "--channel", "chn_x");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().lines()).hasSize(1).first().asString().contains("alert channel not found");
    assertThat(Cli.run(env(), "incident", "action", id, "reboot").exitCode()).isEqualTo(2);
  }
}
