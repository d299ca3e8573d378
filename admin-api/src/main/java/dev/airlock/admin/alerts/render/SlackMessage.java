package dev.airlock.admin.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import java.net.URI;

/**
 * A Slack incoming-webhook message: a Block Kit card (header, section fields, context with the
 * trace) with a {@code text} fallback, and for a request held for approval an {@code actions}
 * block whose buttons ({@code airlock_approve} / {@code airlock_deny}, value = the approval id)
 * post to Airlock's Slack interactions endpoint.
 */
public final class SlackMessage {
  public static final String APPROVE = "airlock_approve";
  public static final String DENY = "airlock_deny";

  private SlackMessage() {}

  public static OutboundRequest render(ObjectNode config, AlertEvent event, RenderContext ctx) {
    return new OutboundRequest(URI.create(config.get("webhook_url").asText()), Json.CONTENT_TYPE,
        Json.bytes(body(event, ctx)));
  }

  /** The message body. */
  public static ObjectNode body(AlertEvent event, RenderContext ctx) {
    AlertSummary s = AlertSummary.of(event);
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode msg = f.objectNode();
    msg.put("text", AlertSummary.cut(s.plainText(), 3000));
    ArrayNode blocks = msg.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", AlertSummary.cut(s.title(), 150));
    ObjectNode section = blocks.addObject().put("type", "section");
    ArrayNode fields = section.putArray("fields");
    s.facts().entrySet().stream().limit(10).forEach(e -> fields.addObject().put("type", "mrkdwn")
        .put("text", AlertSummary.cut("*" + e.getKey() + "*\n" + escape(e.getValue()), 2000)));
    if (!s.traceId().isEmpty()) {
      String link = ctx.traceLink(s.traceId());
      String trace = link == null ? "Trace `" + escape(s.traceId()) + "`"
          : "Trace <" + link + "|" + escape(s.traceId()) + ">";
      blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
          .put("text", trace);
    }
    if (s.approvalId() != null) {
      ObjectNode actions = blocks.addObject().put("type", "actions").put("block_id", "airlock_approval");
      ArrayNode buttons = actions.putArray("elements");
      button(buttons, APPROVE, "Approve", "primary", s.approvalId());
      button(buttons, DENY, "Deny", "danger", s.approvalId());
    }
    return msg;
  }

  private static void button(ArrayNode buttons, String actionId, String label, String style, String value) {
    ObjectNode b = buttons.addObject().put("type", "button").put("action_id", actionId);
    b.putObject("text").put("type", "plain_text").put("text", label);
    b.put("style", style).put("value", value);
  }

  /** Slack's mrkdwn escaping: the three control characters become entities. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
