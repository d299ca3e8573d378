package dev.airlock.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CliUsageTest {
  private static final Map<String, String> NO_ENVIRONMENT = Map.of();

  @TestFactory
  Stream<DynamicTest> everyCommandRendersItsHelp() {
    List<String[]> paths = new ArrayList<>();
    collect(AirlockCommand.newCommandLine(NO_ENVIRONMENT), new ArrayList<>(), paths);
    assertThat(paths).extracting(p -> String.join(" ", p))
        .contains("", "env list", "env create", "env get", "agent list", "agent create", "agent show",
            "agent update", "agent delete", "agent suspend", "agent unsuspend", "agent trust", "agent key list",
            "agent key create",
            "agent key rotate", "agent key revoke",
            "policy apply", "policy list", "policy get", "policy delete", "policy validate",
            "policy versions", "policy diff", "policy rollback", "policy promote", "policy simulate",
            "tool list", "tool create", "tool delete", "threat-intel list", "threat-intel show", "threat-intel add",
            "threat-intel delete", "trace list", "trace show", "export", "status",
            "approval list", "approval show", "approval approve", "approval deny",
            "incident list", "incident show", "incident open", "incident transition", "incident note",
            "incident action", "incident stats",
            "alert add", "alert list", "alert show", "alert update", "alert remove", "alert test", "alert deliveries",
            "alert retry");
    return paths.stream()
        .map(path -> DynamicTest.dynamicTest("airlock " + String.join(" ", path) + " --help",
            () -> {
              String[] args = Stream.concat(Stream.of(path), Stream.of("--help"))
                  .toArray(String[]::new);
              Cli.Result result = Cli.run(NO_ENVIRONMENT, args);
              assertThat(result.exitCode()).isZero();
              assertThat(result.err()).isEmpty();
              assertThat(result.out())
                  .startsWith("Usage: airlock" + (path.length == 0 ? "" : " " + String.join(" ", path)))
                  .doesNotContain("${");
            }));
  }

  private static void collect(CommandLine command, List<String> prefix, List<String[]> paths) {
    if (command.getCommandName().equals("help")) {
      return;
    }
    paths.add(prefix.toArray(String[]::new));
    command.getSubcommands().forEach((name, sub) -> {
      List<String> next = new ArrayList<>(prefix);
      next.add(name);
      collect(sub, next, paths);
    });
  }

  @Test
  void rootHelpDocumentsEveryGroupExitCodesAndEnvironment() {
    Cli.Result result = Cli.run(NO_ENVIRONMENT, "--help");

    assertThat(result.out())
        .contains("egress firewall for AI agents")
        .containsPattern("\\n  env +Manage environments")
        .containsPattern("\\n  agent +Manage agents")
        .containsPattern("\\n  policy +Apply, inspect and validate policies")
        .containsPattern("\\n  trace +Search the decision trace")
        .containsPattern("\\n  status +Summarize the running Airlock node")
        .contains("Exit codes:", "2   Usage error")
        .contains("AIRLOCK_URL", "AIRLOCK_ADMIN_TOKEN", "AIRLOCK_DATA_DIR");
  }

  @Test
  void commandHelpListsTheApiOptions() {
    Cli.Result result = Cli.run(NO_ENVIRONMENT, "trace", "list", "--help");

    assertThat(result.out())
        .contains("--url=URL", "--token=TOKEN", "--data-dir=DIR", "-o, --output=FORMAT")
        .contains("--since=TIME", "--decision=DECISION", "ALLOW, SANITIZE,", "REQUIRE_APPROVAL, DENY")
        .contains("Default: $AIRLOCK_URL or http://127.0.0.1:3180.", "2025-01-31T09:00:00Z.");
  }

  @Test
  void printsTheVersion() {
    Cli.Result result = Cli.run(NO_ENVIRONMENT, "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("airlock ");
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(new String[] {"env", "lst"}, "airlock env",
            "airlock: Unmatched argument at index 1: 'lst' (did you mean: list?)"),
        Arguments.of(new String[] {"nope"}, "airlock",
            "airlock: Unmatched argument at index 0: 'nope'"),
        Arguments.of(new String[] {"env", "list", "--bogus"}, "airlock env list",
            "airlock: Unknown option: '--bogus'"),
        Arguments.of(new String[] {"agent", "create", "ci-bot"}, "airlock agent create",
            "airlock: Missing required option: '--env=ENV'"),
        Arguments.of(new String[] {"env", "create"}, "airlock env create",
            "airlock: Missing required parameter: 'SLUG'"),
        Arguments.of(new String[] {"env", "create", "x", "--mode", "strict"}, "airlock env create",
            "airlock: Invalid value for option '--mode': expected one of [MONITOR, ALERT, ENFORCE]"
                + " (case-insensitive) but was 'strict'"),
        Arguments.of(new String[] {"trace", "list", "--since", "yesterday"}, "airlock trace list",
            "airlock: Invalid value for option '--since': 'yesterday' (expected: a duration like"
                + " 15m, 2h, 7d or an ISO-8601 time)"),
        Arguments.of(new String[] {"trace", "list", "--limit", "0"}, "airlock trace list",
            "airlock: Invalid value for option '--limit': 0 (expected: 1-1000)"),
        Arguments.of(new String[] {"trace", "list", "-o", "xml"}, "airlock trace list",
            "airlock: Invalid value for option '--output': expected one of [TABLE, JSON]"
                + " (case-insensitive) but was 'xml'"),
        Arguments.of(new String[] {"policy"}, "airlock policy",
            "airlock: Missing command (expected one of: apply, list, get, delete, validate, versions, diff,"
                + " rollback, promote, simulate)"),
        Arguments.of(new String[] {}, "airlock",
            "airlock: Missing command (expected one of: env, key, agent, policy, approval, incident, alert, tool,"
                + " threat-intel, trace, export, audit, status)"),
        Arguments.of(new String[] {"env", "update", "staging"}, "airlock env update",
            "airlock: Nothing to change: give at least one of --name, --description,"
                + " --production/--no-production, --mode, --default-action, --approval-hold, --scrutiny"),
        Arguments.of(new String[] {"env", "delete", "staging"}, "airlock env delete",
            "airlock: Deleting environment 'staging' also deletes its suspended agents, its policies and the"
                + " admin keys scoped to it; add --yes to confirm"),
        Arguments.of(new String[] {"key", "create", "--name", "ci"}, "airlock key create",
            "airlock: Missing required option: '--role=ROLE'"),
        Arguments.of(new String[] {"key", "create", "--name", "ci", "--role", "root"}, "airlock key create",
            "airlock: Invalid value for option '--role': expected one of [OWNER, ADMIN, AUDITOR]"
                + " (case-insensitive) but was 'root'"),
        Arguments.of(new String[] {"key", "revoke"}, "airlock key revoke",
            "airlock: Missing required parameter: 'ID'"),
        Arguments.of(new String[] {"env", "list", "--url", "ftp://x"}, "airlock env list",
            "airlock: Invalid value for --url: 'ftp://x' (expected: http://HOST:PORT)"));
  }

  @ParameterizedTest
  @MethodSource("usageErrors")
  void usageErrorsExitTwoWithOneLineAndAHint(String[] args, String command, String message) {
    Cli.Result result = Cli.run(Map.of("AIRLOCK_ADMIN_TOKEN", "t"), args);

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines())
        .containsExactly(message, "Try '" + command + " --help' for more information.");
  }

  @Test
  void enumValuesAreCaseInsensitive() {
    Cli.Result result = Cli.run(NO_ENVIRONMENT, "trace", "list", "--decision", "deny", "--help");

    assertThat(result.exitCode()).isZero();
  }

  @Command(name = "test", description = "Run a policy against sample requests.")
  static final class ExtraPolicyCommand implements Callable<Integer> {
    @Option(names = "--fail") boolean fail;

    @Override
    public Integer call() {
      if (fail) {
        throw new CliException("2 of 5 cases failed");
      }
      return 0;
    }
  }

  @Command(name = "serve", description = "Start the proxy and the admin API.")
  static final class ExtraTopLevelCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      return 0;
    }
  }

  @Test
  void commandsWrittenElsewhereJoinWithTheSameErrorHandling() {
    CommandLine commandLine =
        AirlockCommand.newCommandLine(NO_ENVIRONMENT, new ExtraTopLevelCommand());
    commandLine.getSubcommands().get("policy").addSubcommand(new ExtraPolicyCommand());

    assertThat(Cli.run(commandLine, "serve").exitCode()).isZero();
    Cli.Result failed = Cli.run(commandLine, "policy", "test", "--fail");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err()).isEqualTo("airlock: 2 of 5 cases failed\n");
    Cli.Result misused = Cli.run(commandLine, "policy", "test", "--nope");
    assertThat(misused.exitCode()).isEqualTo(2);
    assertThat(misused.err().lines())
        .containsExactly("airlock: Unknown option: '--nope'",
            "Try 'airlock policy test --help' for more information.");
    assertThat(Cli.run(commandLine, "--help").out()).containsPattern("\\n  serve +Start the proxy");
  }

  @Test
  void unexpectedExceptionsStillPrintOneLineAndExitOne() {
    @Command(name = "boom")
    final class Boom implements Callable<Integer> {
      @Override
      public Integer call() {
        throw new IllegalStateException("first line\nsecond line");
      }
    }
    Cli.Result result = Cli.run(AirlockCommand.newCommandLine(NO_ENVIRONMENT, new Boom()), "boom");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("airlock: internal error: java.lang.IllegalStateException: first line; second line\n");
  }
}
