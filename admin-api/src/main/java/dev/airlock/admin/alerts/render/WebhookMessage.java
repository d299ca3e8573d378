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
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The generic webhook: the event as {@link AlertEventJson} (or a registered {@link EventFormat}
 * such as CEF or OCSF), signed when the channel has a secret: {@code X-Airlock-Signature:
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
    String format = config.path("format").asText("json");
    byte[] body;
    String contentType;
    if (format.equals("json")) {
      body = Json.bytes(AlertEventJson.toJson(event));
      contentType = "application/json; charset=utf-8";
    } else {
      EventFormat f = formats.get(format);
      if (f == null) {
        throw new UnsupportedOperationException("webhook format " + format + " is not available on this node");
      }
      body = f.encode(event);
      contentType = f.contentType();
    }
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
