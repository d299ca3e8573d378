package dev.airlock.admin.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --since} and {@code --until}, the time range of every list command. */
final class TimeRangeOptions {
  @Option(names = "--since", paramLabel = "TIME", converter = TraceCommand.TimeConverter.class,
      description = "Only items from TIME on: a duration back from now (15m, 2h, 7d) or an ISO-8601 time such as"
          + " 2025-01-31T09:00:00Z.")
  private String since;

  @Option(names = "--until", paramLabel = "TIME", converter = TraceCommand.TimeConverter.class,
      description = "Only items before TIME, in the same forms as --since.")
  private String until;

  Map<String, String> putInto(Map<String, String> query) {
    query.put("since", since);
    query.put("until", until);
    return query;
  }
}
