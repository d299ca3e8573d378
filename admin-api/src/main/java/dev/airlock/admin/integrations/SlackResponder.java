package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts to an interaction's {@code response_url}, only when it lies on the configured origin
 * ({@code https://hooks.slack.com} unless {@code integrations.slack_response_origin} says
 * otherwise): the URL comes from the request body, and a signed request must still not make
 * Airlock post elsewhere.
 */
final class SlackResponder {
  private static final Logger log = LoggerFactory.getLogger(SlackResponder.class);

  private final URI origin;
  private final ChatHttp http;

  SlackResponder(URI origin, ChatHttp http) {
    this.origin = requireNonNull(origin, "origin");
    this.http = requireNonNull(http, "http");
  }

  /**
   * Posts {@code message}; completes with true when Slack took it. Never fails: a refused URL or a
   * failed delivery is logged (the decision stands either way).
   */
  CompletableFuture<Boolean> post(String responseUrl, ObjectNode message) {
    URI target = onOrigin(responseUrl);
    if (target == null) {
      log.warn("slack: response_url is not on {}; the message was not updated", origin);
      return CompletableFuture.completedFuture(false);
    }
    return http.post(target, message).handle((r, e) -> {
      if (e != null) {
        log.warn("slack: updating the message failed: {}", e.toString());
        return false;
      }
      if (r.statusCode() / 100 != 2) {
        log.warn("slack: updating the message answered {}: {}", r.statusCode(), abbreviate(r.body()));
        return false;
      }
      return true;
    });
  }

  /** The URL when it has the origin's scheme, host and port and carries no user info; else null. */
  URI onOrigin(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    URI u;
    try {
      u = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (u.getScheme() == null || u.getHost() == null || u.getRawUserInfo() != null) {
      return null;
    }
    boolean same = u.getScheme().equalsIgnoreCase(origin.getScheme())
        && u.getHost().toLowerCase(Locale.ROOT).equals(origin.getHost().toLowerCase(Locale.ROOT))
        && port(u) == port(origin);
    return same ? u : null;
  }

  private static int port(URI u) {
    if (u.getPort() != -1) {
      return u.getPort();
    }
    return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
