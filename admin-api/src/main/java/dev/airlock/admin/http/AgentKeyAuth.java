package dev.airlock.admin.http;

import dev.airlock.proxy.spi.AgentDirectory;
import dev.airlock.proxy.spi.AgentIdentity;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Authenticates an agent by its key for the scan API, through the same directory as the proxy:
 * {@code Authorization: Bearer <agent>:<key>} or {@code Authorization: Basic base64(<agent>:<key>)}
 * (the form the proxy takes in Proxy-Authorization). Admin keys are not agent keys: they fail here.
 */
final class AgentKeyAuth {
  private static final int MAX_LENGTH = 1024;
  private static final long WAIT_SECONDS = 10;

  private final AgentDirectory agents;

  AgentKeyAuth(AgentDirectory agents) {
    this.agents = agents;
  }

  /** The agent the header authenticates; throws 401 (missing or wrong) or 503 (directory not loaded). */
  AgentIdentity authenticate(String authorization) {
    String[] credentials = credentials(authorization);
    if (credentials == null) {
      throw unauthorized("missing or invalid agent credentials: send Authorization: Bearer <agent>:<key>"
          + " (or Basic with the same pair)");
    }
    Optional<AgentIdentity> who;
    try {
      who = agents.authenticate(credentials[0], credentials[1]).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException | TimeoutException e) {
      throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
          "agent credentials cannot be verified right now; retry shortly", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", "interrupted", null);
    }
    return who.orElseThrow(() -> unauthorized("unknown agent or invalid key"));
  }

  private static ApiException unauthorized(String message) {
    return new ApiException(HttpResponseStatus.UNAUTHORIZED, "unauthorized", message, null);
  }

  /** {agent, key}, or null when the header is missing or malformed. */
  static String[] credentials(String authorization) {
    if (authorization == null || authorization.length() > MAX_LENGTH) {
      return null;
    }
    String h = authorization.strip();
    String pair;
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      pair = h.substring(7).strip();
    } else if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        pair = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    } else {
      return null;
    }
    int colon = pair.indexOf(':');
    if (colon <= 0 || colon == pair.length() - 1) {
      return null;
    }
    return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
  }
}
