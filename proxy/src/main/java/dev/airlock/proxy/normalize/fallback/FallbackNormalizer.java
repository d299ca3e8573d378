package dev.airlock.proxy.normalize.fallback;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The last resort for hosts nothing else knows: tool = registrable domain, operation =
 * {@code http_<method>} (or {@code websocket_connect} / {@code websocket_message}), verb by method. No recipients: a host is a destination, not a principal
 * (policies see it through {@code host} and {@code new_destination}).
 */
public final class FallbackNormalizer implements Normalizer {

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    return Optional.of(call(req));
  }

  public ToolCall call(InspectedRequest req) {
    String tool = RegistrableDomain.of(req.host());
    String operation = operation(req);
    return new ToolCall(tool, operation, Verb.defaultFor(req.method()), null, List.of(),
        Map.of());
  }

  /**
   * {@code websocket_connect} for a WebSocket handshake, {@code websocket_message} for a message
   * sent over one (method {@code WS}), else {@code http_<method>}.
   */
  private static String operation(InspectedRequest req) {
    String m = req.method();
    if (m.equals("WS")) {
      return "websocket_message";
    }
    if (m.equals("GET") && "websocket".equalsIgnoreCase(req.header("upgrade"))) {
      return "websocket_connect";
    }
    return "http_" + m.toLowerCase(Locale.ROOT);
  }
}
