package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock policy test} with what was observed around a raw request and the agent's trust. */
class PolicyTestObservedTest {
  @TempDir Path dir;

  private static Cli.Result policyTest(String... args) {
    picocli.CommandLine cmd = AirlockCommand.newCommandLine(Map.of());
    cmd.getSubcommands().get("policy").addSubcommand(new PolicyTestCommand());
    String[] all = new String[args.length + 2];
    all[0] = "policy";
    all[1] = "test";
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(cmd, all);
  }

  @Test
  void observedFactsAndTrustJoinARawRequest() throws Exception {
    Path policy = Files.writeString(dir.resolve("careful.yaml"), String.join("\n",
        "name: careful",
        "rules:",
        "  - {id: first-write, condition: {new_destination: true}, action: REQUIRE_APPROVAL, priority: 1}",
        "  - {id: low-trust, condition: {trust_below: 0.3}, action: DENY, priority: 2}",
        ""));
    Path cases = Files.writeString(dir.resolve("cases.yaml"), String.join("\n",
        "cases:",
        "  - name: first write to a webhook",
        "    request: {method: POST, url: 'https://hooks.example.net/x', body: '{}'}",
        "    observed: {new_destination: true, time: '2026-06-13T10:00:00Z'}",
        "    expect: {action: REQUIRE_APPROVAL, rule: careful/first-write}",
        "  - name: distrusted agent",
        "    trust: 0.2",
        "    request: {method: POST, url: 'https://hooks.example.net/x', body: '{}'}",
        "    expect: {action: DENY, rule: careful/low-trust}",
        "  - name: nothing observed",
        "    request: {method: POST, url: 'https://hooks.example.net/x', body: '{}'}",
        "    expect: {action: ALLOW}",
        ""));
    Cli.Result r = policyTest("-f", policy.toString(), "--cases", cases.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("3 passed, 0 failed");

    Path wrong = Files.writeString(dir.resolve("wrong.yaml"), Files.readString(cases)
        .replace("observed: {new_destination: true, time: '2026-06-13T10:00:00Z'}", "observed: {burst: maybe}"));
    Cli.Result bad = policyTest("-f", policy.toString(), "--cases", wrong.toString());
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).contains("cases[0].facts.burst: \"maybe\" (expected: true or false)");
  }
}
