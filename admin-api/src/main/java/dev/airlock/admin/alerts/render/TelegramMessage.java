package dev.airlock.admin.alerts.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import java.net.URI;

/**
 * A Telegram Bot API {@code sendMessage} call: HTML text (every value escaped) and, for a held
 * request, an inline keyboard whose buttons send {@code approve:<id>} / {@code deny:<id>} as
 * callback data to Airlock's Telegram webhook.
 */
public final class TelegramMessage {
  private TelegramMessage() {}

  public static OutboundRequest render(ObjectNode config, AlertEvent event, RenderContext ctx) {
    String base = config.path("api_base").asText("https://api.telegram.org");
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    URI uri = URI.create(base + "/bot" + config.get("bot_token").asText() + "/sendMessage");
    return new OutboundRequest(uri, Json.CONTENT_TYPE, Json.bytes(body(config.get("chat_id").asText(), event, ctx)));
  }

  public static ObjectNode body(String chatId, AlertEvent event, RenderContext ctx) {
    AlertSummary s = AlertSummary.of(event);
    ObjectNode msg = JsonNodeFactory.instance.objectNode();
    if (chatId.matches("-?[0-9]{1,20}")) {
      msg.put("chat_id", Long.parseLong(chatId));
    } else {
      msg.put("chat_id", chatId);
    }
    StringBuilder text = new StringBuilder("<b>").append(escape(s.title())).append("</b>");
    s.facts().forEach((k, v) -> text.append('\n').append("<b>").append(escape(k)).append(":</b> ").append(escape(v)));
    if (!s.traceId().isEmpty()) {
      String link = ctx.traceLink(s.traceId());
      text.append("\n<b>Trace:</b> ").append(link == null ? "<code>" + escape(s.traceId()) + "</code>"
          : "<a href=\"" + escape(link) + "\">" + escape(s.traceId()) + "</a>");
    }
    msg.put("text", AlertSummary.cut(text.toString(), 4096));
    msg.put("parse_mode", "HTML");
    msg.put("disable_web_page_preview", true);
    if (s.approvalId() != null) {
      ArrayNode row = msg.putObject("reply_markup").putArray("inline_keyboard").addArray();
      row.addObject().put("text", "Approve").put("callback_data", "approve:" + s.approvalId());
      row.addObject().put("text", "Deny").put("callback_data", "deny:" + s.approvalId());
    }
    return msg;
  }

  /** Telegram's HTML mode: {@code & < > "} as entities. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
