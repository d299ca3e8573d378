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
    quietLeakSampling();
    CommandLine cli = newCommandLine();
    System.exit(cli.execute(args));
  }

  /**
   * Netty samples one buffer in 128 for leak tracking unless told otherwise, recording a stack
   * trace at each sample; on the proxy's request path that costs about 3 % of the event loops'
   * time. The test suite runs with paranoid tracking and fails on any leak, so the product turns
   * sampling off by default. An operator who wants it sets {@code -Dio.netty.leakDetection.level}
   * (in AIRLOCK_JAVA_OPTS), which is left alone. Runs before any Netty class is loaded.
   */
  static void quietLeakSampling() {
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      System.setProperty("io.netty.leakDetection.level", "disabled");
    }
  }

  /** The full command line with every command group registered. */
  public static CommandLine newCommandLine() {
    CommandLine cli = AirlockCommand.newCommandLine(System.getenv(), new ServeCommand(), new CaCommand());
    cli.getSubcommands().get("policy").addSubcommand(new PolicyTestCommand());
    return cli;
  }
}
