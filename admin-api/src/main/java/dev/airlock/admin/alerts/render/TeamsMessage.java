package dev.airlock.admin.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import java.net.URI;

/**
 * A Microsoft Teams message for a Workflows webhook ("When a Teams webhook request is received"):
 * one Adaptive Card 1.4 attachment with a title, a fact set and, for a held request, how to decide
 * it; an "Open trace" action when trace links are configured.
 */
public final class TeamsMessage {
  public static final String CARD = "application/vnd.microsoft.card.adaptive";

  private TeamsMessage() {}

  public static OutboundRequest render(ObjectNode config, AlertEvent event, RenderContext ctx) {
    return new OutboundRequest(URI.create(config.get("webhook_url").asText()), Json.CONTENT_TYPE,
        Json.bytes(body(event, ctx)));
  }

  public static ObjectNode body(AlertEvent event, RenderContext ctx) {
    AlertSummary s = AlertSummary.of(event);
    ObjectNode msg = JsonNodeFactory.instance.objectNode().put("type", "message");
    ObjectNode attachment = msg.putArray("attachments").addObject();
    attachment.put("contentType", CARD);
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
        .put("color", color(s.severity())).put("text", s.title());
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    s.facts().forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
    if (!s.traceId().isEmpty()) {
      facts.addObject().put("title", "Trace").put("value", s.traceId());
    }
    if (s.approvalId() != null) {
      body.addObject().put("type", "TextBlock").put("wrap", true)
          .put("text", "Waiting for approval. Decide with: " + s.approvalCommands());
    }
    String link = ctx.traceLink(s.traceId());
    if (link != null) {
      card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open trace").put("url", link);
    }
    return msg;
  }

  private static String color(String severity) {
    return switch (severity == null ? "" : severity) {
      case "CRITICAL", "HIGH" -> "Attention";
      case "MEDIUM" -> "Warning";
      default -> "Default";
    };
  }
}
