package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code airlock} command: the root that every command group hangs from. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = AirlockCommand.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Airlock is an egress firewall for AI agents. Agents send their HTTP(S) traffic through the"
          + " Airlock proxy, which names every request as a tool and an operation (for example"
          + " slack post_message or github git_push), decides by policy, and forwards, redacts,"
          + " holds for approval or blocks it.",
      "",
      "'airlock serve' runs the proxy and the admin API; 'airlock ca' manages the local CA agents"
          + " trust. The other commands manage a running Airlock through its admin API: environments,"
          + " admin keys, agents and their keys, policies, approvals, incidents, alert channels, tools, threat-intel"
          + " feeds, and the trace of every decision, which 'airlock export' writes out as a file; 'airlock status'"
          + " summarizes the running node.",
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      EnvCommand.class,
      KeyCommand.class,
      AgentCommand.class,
      PolicyCommand.class,
      ApprovalCommand.class,
      IncidentCommand.class,
      AlertCommand.class,
      ToolCommand.class,
      ThreatIntelCommand.class,
      TraceCommand.class,
      ExportCommand.class,
      AuditCommand.class,
      StatusCommand.class,
      HelpCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success.",
      "1:The command failed; the reason is printed on one line on stderr.",
      "2:Usage error: unknown command, bad option or value.",
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  AIRLOCK_URL          admin API address (default http://127.0.0.1:3180)",
      "  AIRLOCK_ADMIN_TOKEN  admin token (default: read from DATA_DIR/admin-token)",
      "  AIRLOCK_DATA_DIR     data directory (default ./data)",
      "",
      "Examples:",
      "  airlock serve",
      "  airlock ca export > airlock-ca.pem",
      "  airlock env create staging --mode alert",
      "  airlock key create --name ci-reader --role auditor --env staging",
      "  airlock agent create ci-bot --env staging",
      "  airlock policy apply -f block-secrets.yaml --env staging",
      "  airlock policy simulate -f block-secrets.yaml --env staging --since 24h",
      "  airlock policy promote block-secrets --from staging --to production --yes",
      "  airlock trace list --env staging --since 15m --decision DENY",
      "  airlock export --format csv --since 24h -o decisions.csv",
      "  airlock alert add -f ops-slack.json",
      "  airlock status",
      "",
      "Run 'airlock COMMAND --help' for the options of each command.",
    })
public final class AirlockCommand implements Callable<Integer> {
  private static final String PROGRAM = "airlock";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw missingSubcommand(spec);
  }

  /**
   * Builds the {@code airlock} command line, ready for {@code execute(args)}.
   *
   * <p>Failures print one line on stderr: {@code airlock: <message>} with exit code 1 for a
   * failed command, or the usage error and a {@code Try 'airlock ... --help'} hint with exit code 2.
   *
   * <p>Commands written elsewhere join through {@code extraSubcommands} (top level, e.g. {@code
   * serve}, {@code ca}) or, for a group, through {@code
   * commandLine.getSubcommands().get("policy").addSubcommand(command)}. Add them before calling
   * {@code setOut}/{@code setErr}, which apply to the commands present at that moment.
   *
   * @param environment the process environment ({@code System.getenv()} in production), read for
   *     {@code AIRLOCK_URL}, {@code AIRLOCK_ADMIN_TOKEN} and {@code AIRLOCK_DATA_DIR}
   * @param extraSubcommands annotated {@code @Command} objects added at the top level
   */
  public static CommandLine newCommandLine(
      Map<String, String> environment, Object... extraSubcommands) {
    CommandLine commandLine = new CommandLine(new AirlockCommand(), new Factory(environment));
    for (Object subcommand : extraSubcommands) {
      commandLine.addSubcommand(requireNonNull(subcommand, "extraSubcommands[]"));
    }
    addHeadings(commandLine);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parsed) -> {
          PrintWriter err = commandLine.getErr();
          err.println(PROGRAM + ": " + oneLine(describe(exception)));
          err.flush();
          return 1;
        });
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          PrintWriter err = commandLine.getErr();
          CommandLine failed = exception.getCommandLine();
          err.println(PROGRAM + ": " + oneLine(exception.getMessage()) + suggestion(exception));
          err.println(
              "Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
          err.flush();
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    return commandLine;
  }

  /** Separates the description from the parameter and option lists in every help text. */
  private static void addHeadings(CommandLine commandLine) {
    var usage = commandLine.getCommandSpec().usageMessage();
    if (usage.parameterListHeading().isEmpty()) {
      usage.parameterListHeading("%nParameters:%n");
    }
    if (usage.optionListHeading().isEmpty()) {
      usage.optionListHeading("%nOptions:%n");
    }
    commandLine.getSubcommands().values().forEach(AirlockCommand::addHeadings);
  }

  /** The usage error of a command group run without one of its subcommands. */
  static ParameterException missingSubcommand(CommandSpec group) {
    String names =
        group.subcommands().keySet().stream()
            .filter(name -> !"help".equals(name))
            .collect(Collectors.joining(", "));
    return new ParameterException(
        group.commandLine(), "Missing command (expected one of: " + names + ")");
  }

  private static String describe(Exception exception) {
    if (exception instanceof CliException
        || exception instanceof dev.airlock.admin.config.ConfigException
        || exception instanceof dev.airlock.certs.CertsException
        || exception instanceof dev.airlock.proxy.policy.PolicyException) {
      return exception.getMessage();
    }
    if (exception instanceof dev.airlock.admin.store.StoreException) {
      // An operational condition (database down, refusing us, not startable): say what it is.
      Throwable cause = exception.getCause();
      String message = exception.getMessage();
      return cause == null || cause.getMessage() == null || message.contains(cause.getMessage())
          ? message : message + ": " + cause.getMessage();
    }
    if (exception instanceof UncheckedIOException || exception instanceof IOException) {
      Throwable io = exception instanceof UncheckedIOException ? exception.getCause() : exception;
      return "I/O error: " + io.getMessage();
    }
    // A bug, not a user error: still one line, but name the exception so it can be reported.
    return "internal error: " + exception;
  }

  private static String suggestion(ParameterException exception) {
    if (exception instanceof UnmatchedArgumentException) {
      var suggestions = ((UnmatchedArgumentException) exception).getSuggestions();
      if (!suggestions.isEmpty()) {
        return " (did you mean: " + String.join(", ", suggestions) + "?)";
      }
    }
    return "";
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  /** Creates the mixin that needs the environment; everything else the picocli way. */
  private static final class Factory implements IFactory {
    private final Map<String, String> environment;
    private final IFactory fallback = CommandLine.defaultFactory();

    Factory(Map<String, String> environment) {
      this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == ApiOptions.class) {
        return type.cast(new ApiOptions(environment));
      }
      if (type == ApiConnection.class) {
        return type.cast(new ApiConnection(environment));
      }
      return fallback.create(type);
    }
  }

  /** The version from the jar manifest; builds from source say so. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AirlockCommand.class.getPackage().getImplementationVersion();
      return new String[] {PROGRAM + " " + (version == null ? "(development build)" : version)};
    }
  }
}
