package dev.airlock.admin.store;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an ephemeral key is issued for: how long it lives and the {@code tool.operation} patterns
 * (and optionally hosts) it may be used for.
 *
 * @param ttlSeconds lifetime, 1 second to {@value #MAX_TTL_SECONDS} (24 h)
 * @param operations {@code tool.operation} globs, at least one ({@code slack.post_message},
 *     {@code github.*})
 * @param hosts host globs ({@code slack.com}, {@code *.slack.com}); empty = any host
 */
public record EphemeralGrant(long ttlSeconds, List<String> operations, List<String> hosts) {
  public static final long MAX_TTL_SECONDS = 24 * 3600;
  private static final int MAX_PATTERNS = 100;
  private static final Pattern OPERATION = Pattern.compile("\\*|[a-z0-9_*?-]{1,64}\\.[a-z0-9_*?.-]{1,128}");
  private static final Pattern HOST = Pattern.compile("[a-z0-9*?.\\[\\]:-]{1,253}");

  /** @throws StoreException INVALID naming the field at fault */
  public EphemeralGrant {
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw StoreException.invalid("invalid_ttl", "ttl", "ttl: " + ttlSeconds + "s (expected: 1s to 24h; an"
          + " ephemeral key lives at most 24 hours)");
    }
    operations = operations == null ? List.of()
        : operations.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    hosts = hosts == null ? List.of() : hosts.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
    if (operations.isEmpty()) {
      throw StoreException.invalid("invalid_scope", "operations", "operations: an ephemeral key needs at least one"
          + " tool.operation pattern (e.g. slack.post_message, github.*)");
    }
    if (operations.size() > MAX_PATTERNS || hosts.size() > MAX_PATTERNS) {
      throw StoreException.invalid("invalid_scope", operations.size() > MAX_PATTERNS ? "operations" : "hosts",
          "at most " + MAX_PATTERNS + " patterns");
    }
    for (int i = 0; i < operations.size(); i++) {
      if (!OPERATION.matcher(operations.get(i)).matches()) {
        throw StoreException.invalid("invalid_scope", "operations[" + i + "]", "operations[" + i + "]: \""
            + operations.get(i) + "\" (expected: tool.operation, globs allowed: slack.post_message, github.*)");
      }
    }
    for (int i = 0; i < hosts.size(); i++) {
      if (!HOST.matcher(hosts.get(i)).matches()) {
        throw StoreException.invalid("invalid_scope", "hosts[" + i + "]", "hosts[" + i + "]: \"" + hosts.get(i)
            + "\" (expected: a host name, globs allowed: slack.com, *.slack.com)");
      }
    }
  }
}
