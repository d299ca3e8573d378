package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options shared by every command that calls the admin API: where it is, how to authenticate, and
 * how to print. Each value comes from its flag, else its environment variable, else a default
 * (resolved by {@link ApiConnection}).
 *
 * <p>The environment is passed in (see {@link AirlockCommand#newCommandLine}) so tests control it.
 */
public final class ApiOptions {
  static final String DEFAULT_URL = ApiConnection.DEFAULT_URL;
  static final String URL_VAR = ApiConnection.URL_VAR;
  static final String TOKEN_VAR = ApiConnection.TOKEN_VAR;
  static final String DATA_DIR_VAR = ApiConnection.DATA_DIR_VAR;
  static final String DEFAULT_DATA_DIR = ApiConnection.DEFAULT_DATA_DIR;
  static final String TOKEN_FILE = ApiConnection.TOKEN_FILE;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  /** --url, --token and --data-dir. */
  @Mixin
  private ApiConnection connection;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "Output format: table (default) or json.")
  private OutputFormat output = OutputFormat.TABLE;

  ApiOptions(Map<String, String> environment) {
    this.connection = new ApiConnection(requireNonNull(environment, "environment"));
  }

  /** A client for the resolved URL and token; fails when no token can be found. */
  ApiClient client() {
    return connection().client();
  }

  Output output() {
    return new Output(command.commandLine().getOut(), command.commandLine().getErr(), output);
  }

  URI url() {
    return connection().url();
  }

  Path dataDir() {
    return connection().dataDir();
  }

  String token() {
    return connection().token();
  }

  private ApiConnection connection() {
    return connection;
  }
}
