package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an ephemeral key may do: {@code tool.operation} glob patterns (e.g. {@code slack.post_message},
 * {@code github.*}) and, optionally, destination host globs, until it expires. Agent keys that are
 * not ephemeral carry no scope ({@link #UNLIMITED}).
 *
 * @param operations {@code tool.operation} globs; the request must match one
 * @param hosts host globs (lower case); empty = any host
 * @param expiresAt when the key stops working; null = never (long-lived keys only)
 */
public record KeyScope(List<String> operations, List<String> hosts, Instant expiresAt) {
  /** No restriction: an ordinary agent key. */
  public static final KeyScope UNLIMITED = new KeyScope(List.of("*"), List.of(), null);

  public KeyScope {
    operations = List.copyOf(requireNonNull(operations, "operations"));
    hosts = hosts == null ? List.of() : hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
  }

  public boolean unlimited() {
    return expiresAt == null && hosts.isEmpty() && operations.equals(List.of("*"));
  }

  /** Whether a request to {@code tool.operation} on {@code host} is inside this scope. */
  public boolean permits(String tool, String operation, String host) {
    if (!hosts.isEmpty() && !anyMatches(hosts, host.toLowerCase(Locale.ROOT))) {
      return false;
    }
    return anyMatches(operations, tool + "." + operation);
  }

  private static boolean anyMatches(List<String> globs, String s) {
    for (String g : globs) {
      if (Glob.compile(g).matches(s)) {
        return true;
      }
    }
    return false;
  }
}
