package dev.airlock.admin.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import java.net.URI;

/**
 * A Discord webhook message with one embed (title, colour by severity, inline fields, timestamp).
 * Discord webhooks cannot receive button clicks, so a held request shows how to decide it with
 * the CLI instead. Mentions are disabled: event text never pings anyone.
 */
public final class DiscordMessage {
  private DiscordMessage() {}

  public static OutboundRequest render(ObjectNode config, AlertEvent event, RenderContext ctx) {
    return new OutboundRequest(URI.create(config.get("webhook_url").asText()), Json.CONTENT_TYPE,
        Json.bytes(body(event, ctx)));
  }

  public static ObjectNode body(AlertEvent event, RenderContext ctx) {
    AlertSummary s = AlertSummary.of(event);
    ObjectNode msg = JsonNodeFactory.instance.objectNode();
    msg.putObject("allowed_mentions").putArray("parse");
    ObjectNode embed = msg.putArray("embeds").addObject();
    embed.put("title", AlertSummary.cut(s.title(), 256));
    embed.put("color", color(s.severity()));
    embed.put("timestamp", event.time().toString());
    String link = ctx.traceLink(s.traceId());
    if (link != null) {
      embed.put("url", link);
    }
    if (s.approvalId() != null) {
      embed.put("description", "Waiting for approval. Decide with:\n`airlock approval approve " + s.approvalId()
          + "`\n`airlock approval deny " + s.approvalId() + "`\n(or POST /api/v1/approvals/" + s.approvalId()
          + "/approve | /deny)");
    }
    ArrayNode fields = embed.putArray("fields");
    s.facts().entrySet().stream().limit(25).forEach(e -> fields.addObject()
        .put("name", AlertSummary.cut(e.getKey(), 256))
        .put("value", AlertSummary.cut(e.getValue().isEmpty() ? "-" : e.getValue(), 1024))
        .put("inline", true));
    if (!s.traceId().isEmpty()) {
      embed.putObject("footer").put("text", "trace " + s.traceId());
    }
    return msg;
  }

  /** Blue, yellow, orange, red. */
  static int color(String severity) {
    return switch (severity == null ? "" : severity) {
      case "CRITICAL" -> 0xE74C3C;
      case "HIGH" -> 0xE67E22;
      case "MEDIUM" -> 0xF1C40F;
      default -> 0x3498DB;
    };
  }
}
