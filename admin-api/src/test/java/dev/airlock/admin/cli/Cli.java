package dev.airlock.admin.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code airlock} command line in-process and captures what it printed. */
public final class Cli {
  /** Exit code, stdout and stderr of one run. */
  public record Result(int exitCode, String out, String err) {}

  private Cli() {}

  public static Result run(Map<String, String> environment, String... args) {
    return run(AirlockCommand.newCommandLine(environment), args);
  }

  public static Result run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** An environment pointing the CLI at {@code server} with token {@code test-token}. */
  static Map<String, String> environment(RecordingApiServer server) {
    return Map.of("AIRLOCK_URL", server.url(), "AIRLOCK_ADMIN_TOKEN", "test-token");
  }
}
