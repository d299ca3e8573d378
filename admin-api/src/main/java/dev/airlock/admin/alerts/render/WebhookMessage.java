package dev.airlock.admin.alerts.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.AlertEventJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook: the event as {@link AlertEventJson} (or a registered {@link EventFormat}
 * such as CEF or OCSF), or a batch of events in one body (a JSON array of them, or the format's
 * multi-event form), signed once per request when the channel has a secret: {@code X-Airlock-Signature:
 * sha256=<hex HMAC-SHA256 of the body>} and {@code X-Airlock-Timestamp} (Unix seconds), plus the
 * channel's own headers (e.g. {@code Authorization: Splunk <token>}).
 */
public final class WebhookMessage {
  public static final String SIGNATURE = "X-Airlock-Signature";
  public static final String TIMESTAMP = "X-Airlock-Timestamp";

  private WebhookMessage() {}

  /**
   * @param formats body formats besides {@code json}, by name
   * @throws UnsupportedOperationException when the channel's format is not registered on this node
   */
  public static OutboundRequest render(ObjectNode config, AlertEvent event, RenderContext ctx,
      Map<String, EventFormat> formats) {
    String format = format(config);
    if (format.equals("json")) {
      return request(config, Json.bytes(AlertEventJson.toJson(event)), JSON_TYPE, ctx);
    }
    EventFormat f = registered(format, formats);
    return request(config, f.encode(event), f.contentType(), ctx);
  }

  /**
   * One request carrying all of {@code events}: a JSON array of them for {@code json}, else the
   * format's multi-event body.
   *
   * @throws UnsupportedOperationException when the channel's format is not registered on this node
   */
  public static OutboundRequest renderBatch(ObjectNode config, List<AlertEvent> events, RenderContext ctx,
      Map<String, EventFormat> formats) {
    String format = format(config);
    if (format.equals("json")) {
      com.fasterxml.jackson.databind.node.ArrayNode array =
          com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode(events.size());
      events.forEach(e -> array.add(AlertEventJson.toJson(e)));
      return request(config, Json.bytes(array), JSON_TYPE, ctx);
    }
    EventFormat f = registered(format, formats);
    return request(config, f.encodeAll(events), f.contentType(), ctx);
  }

  private static final String JSON_TYPE = "application/json; charset=utf-8";

  private static String format(ObjectNode config) {
    return config.path("format").asText("json");
  }

  private static EventFormat registered(String format, Map<String, EventFormat> formats) {
    EventFormat f = formats.get(format);
    if (f == null) {
      throw new UnsupportedOperationException("webhook format " + format + " is not available on this node");
    }
    return f;
  }

  private static OutboundRequest request(ObjectNode config, byte[] body, String contentType, RenderContext ctx) {
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode custom = config.get("headers");
    if (custom != null) {
      custom.fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    }
    headers.put("Content-Type", contentType);
    headers.put(TIMESTAMP, Long.toString(ctx.clock().instant().getEpochSecond()));
    if (config.hasNonNull("secret")) {
      headers.put(SIGNATURE, "sha256=" + hmac(config.get("secret").asText(), body));
    }
    return new OutboundRequest(URI.create(config.get("url").asText()), headers, body);
  }

  /** Hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
