package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the admin API is and how to authenticate to it, for commands that print something other
 * than tables or JSON (e.g. {@code airlock export}, whose {@code -o} names a file). Each value
 * comes from its flag, else its environment variable, else a default; {@link ApiOptions} resolves
 * its own flags through this class.
 *
 * <p>The environment is passed in (see {@link AirlockCommand#newCommandLine}) so tests control it.
 */
public final class ApiConnection {
  static final String DEFAULT_URL = "http://127.0.0.1:3180";
  static final String URL_VAR = "AIRLOCK_URL";
  static final String TOKEN_VAR = "AIRLOCK_ADMIN_TOKEN";
  static final String DATA_DIR_VAR = "AIRLOCK_DATA_DIR";
  static final String DEFAULT_DATA_DIR = "./data";
  static final String TOKEN_FILE = "admin-token";

  private final Map<String, String> environment;

  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = {"Admin API address.", "Default: $" + URL_VAR + " or " + DEFAULT_URL + "."})
  private String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = {
        "Admin token. Default: $" + TOKEN_VAR + ",",
        "else the contents of DIR/" + TOKEN_FILE + ".",
        "Prefer the variable: arguments are visible to other users of this host."
      })
  private String token;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = {
        "Airlock data directory, read for the admin token.",
        "Default: $" + DATA_DIR_VAR + " or " + DEFAULT_DATA_DIR + "."
      })
  private Path dataDir;

  ApiConnection(Map<String, String> environment) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment"));
  }

  /** The connection {@code command}'s own flags name (null: not given). */
  ApiConnection(Map<String, String> environment, CommandSpec command, String url, String token, Path dataDir) {
    this(environment);
    this.command = command;
    this.url = url;
    this.token = token;
    this.dataDir = dataDir;
  }

  /** A client for the resolved URL and token; fails when no token can be found. */
  ApiClient client() {
    return new ApiClient(url(), token());
  }

  URI url() {
    String source = url != null ? "--url" : "$" + URL_VAR;
    String value = url != null ? url : variable(URL_VAR);
    if (value == null) {
      return URI.create(DEFAULT_URL);
    }
    try {
      URI uri = new URI(value.strip().replaceAll("/+$", "").replaceAll("/api/v1$", ""));
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (http && uri.getHost() != null && uri.getRawQuery() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below, with the expected form
    }
    throw new ParameterException(
        command.commandLine(),
        "Invalid value for " + source + ": '" + value + "' (expected: http://HOST:PORT)");
  }

  Path dataDir() {
    if (dataDir != null) {
      return dataDir;
    }
    String fromEnvironment = variable(DATA_DIR_VAR);
    return Path.of(fromEnvironment != null ? fromEnvironment : DEFAULT_DATA_DIR);
  }

  String token() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String fromEnvironment = variable(TOKEN_VAR);
    if (fromEnvironment != null) {
      return fromEnvironment.strip();
    }
    Path file = dataDir().resolve(TOKEN_FILE);
    try {
      String fromFile = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!fromFile.isEmpty()) {
        return fromFile;
      }
    } catch (NoSuchFileException e) {
      // no token anywhere: reported below
    } catch (AccessDeniedException e) {
      throw new CliException("cannot read the admin token from " + file + ": permission denied");
    } catch (IOException e) {
      throw new CliException("cannot read the admin token from " + file + ": " + e.getMessage());
    }
    throw new CliException(
        "no admin token: set "
            + TOKEN_VAR
            + " or --token, or run on the host with "
            + file);
  }

  private String variable(String name) {
    String value = environment.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
