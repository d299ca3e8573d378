package dev.airlock.admin.cli;

import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --limit} and {@code --cursor}, the paging options of every list command. */
final class PageOptions {
  static final int MAX_LIMIT = 1000;

  @Spec(Spec.Target.MIXEE) private CommandSpec mixee;

  @Option(names = "--limit", paramLabel = "N",
      description = "At most N items (1-" + MAX_LIMIT + "; the server's default is 50).")
  private Integer limit;

  @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue a previous listing where it stopped.")
  private String cursor;

  /** Adds the given options to {@code query}; a limit out of range is a usage error (exit 2). */
  Map<String, String> putInto(Map<String, String> query) {
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw new ParameterException(mixee.commandLine(),
          "Invalid value for option '--limit': " + limit + " (expected: 1-" + MAX_LIMIT + ")");
    }
    query.put("limit", limit == null ? null : limit.toString());
    query.put("cursor", cursor);
    return query;
  }
}
