package dev.airlock.admin;

import dev.airlock.admin.cli.AirlockCommand;
import dev.airlock.admin.cli.CaCommand;
import dev.airlock.admin.cli.PolicyTestCommand;
import dev.airlock.admin.cli.ServeCommand;
import picocli.CommandLine;

/** The {@code airlock} program: every command lives in the same jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli = newCommandLine();
    System.exit(cli.execute(args));
  }

  /** The full command line with every command group registered. */
  public static CommandLine newCommandLine() {
    CommandLine cli = AirlockCommand.newCommandLine(System.getenv(), new ServeCommand(), new CaCommand());
    cli.getSubcommands().get("policy").addSubcommand(new PolicyTestCommand());
    return cli;
  }
}
