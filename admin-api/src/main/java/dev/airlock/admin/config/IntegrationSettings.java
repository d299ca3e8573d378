package dev.airlock.admin.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * How a node talks back to the chat apps whose buttons decide approvals.
 *
 * @param slackResponseOrigin the only origin (scheme, host, port) a Slack interaction's {@code
 *     response_url} may have for Airlock to post the updated message there: {@code
 *     https://hooks.slack.com}. Another origin is meant for tests and development against a local
 *     stand-in; plain {@code http} is accepted for a loopback host only.
 */
public record IntegrationSettings(URI slackResponseOrigin) {
  public static final URI DEFAULT_SLACK_RESPONSE_ORIGIN = URI.create("https://hooks.slack.com");
  private static final String KEY = "integrations.slack_response_origin";

  public IntegrationSettings {
    requireNonNull(slackResponseOrigin, "slackResponseOrigin");
    check(slackResponseOrigin);
  }

  public static IntegrationSettings defaults() {
    return new IntegrationSettings(DEFAULT_SLACK_RESPONSE_ORIGIN);
  }

  /** Parses {@code integrations.slack_response_origin}. */
  static IntegrationSettings parse(String origin) {
    if (origin == null || origin.isBlank()) {
      return defaults();
    }
    try {
      return new IntegrationSettings(new URI(origin.trim()));
    } catch (URISyntaxException e) {
      throw new ConfigException(KEY + ": \"" + origin + "\" is not a URL");
    }
  }

  private static void check(URI o) {
    String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("https") && !scheme.equals("http")) || o.getHost() == null) {
      throw new ConfigException(KEY + ": " + o + " (expected: https://HOST[:PORT])");
    }
    String path = o.getRawPath() == null ? "" : o.getRawPath();
    if (o.getRawUserInfo() != null || !(path.isEmpty() || path.equals("/")) || o.getRawQuery() != null
        || o.getRawFragment() != null) {
      throw new ConfigException(KEY + ": " + o + " (expected: an origin only, scheme://host[:port], no path)");
    }
    if (scheme.equals("http") && !isLoopback(o.getHost())) {
      throw new ConfigException(KEY + ": " + o + " (expected: https, or http on a loopback address for tests)");
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a name other than localhost: no lookup at startup
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
