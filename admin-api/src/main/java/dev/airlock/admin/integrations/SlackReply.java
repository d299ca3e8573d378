package dev.airlock.admin.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Approval;
import dev.airlock.proxy.spi.ApprovalStatus;

/**
 * The messages posted to an interaction's {@code response_url}: the original card again, its
 * Approve / Deny buttons replaced by who decided and when. Pure: no I/O.
 */
final class SlackReply {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SlackReply() {}

  /**
   * {@code {"replace_original": true, "text": …, "blocks": [… the card without Airlock's buttons …,
   * {"type": "context", … "Approved by roadrunner at …"}]}}.
   *
   * @param original the message the button was on, or null
   */
  static ObjectNode replacement(JsonNode original, Approval a) {
    String state = DecisionText.state(a, "slack");
    ObjectNode out = NODES.objectNode();
    out.put("replace_original", true);
    String text = original == null ? "" : original.path("text").asText("");
    out.put("text", text.isBlank() ? "Airlock approval " + a.id() + ": " + state : text + " (" + state + ")");
    ArrayNode blocks = out.putArray("blocks");
    JsonNode before = original == null ? null : original.get("blocks");
    if (before != null && before.isArray()) {
      for (JsonNode b : before) {
        if (!isAirlockButtons(b)) {
          blocks.add(b);
        }
      }
    }
    if (blocks.isEmpty()) {
      ObjectNode section = blocks.addObject().put("type", "section");
      section.putObject("text").put("type", "mrkdwn").put("text", "*Airlock approval* `" + a.id() + "`");
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    context.putArray("elements").addObject().put("type", "mrkdwn").put("text", icon(a) + " " + escape(state));
    return out;
  }

  /** An answer only the clicker sees, the card left as it is: the approval is unknown here. */
  static ObjectNode unknownApproval(String id) {
    ObjectNode out = NODES.objectNode();
    out.put("response_type", "ephemeral");
    out.put("replace_original", false);
    out.put("text", "Airlock has no approval " + escape(id) + ": nothing was decided.");
    return out;
  }

  /** An {@code actions} block holding one of Airlock's buttons. */
  private static boolean isAirlockButtons(JsonNode block) {
    if (!block.path("type").asText("").equals("actions")) {
      return false;
    }
    for (JsonNode e : block.path("elements")) {
      String id = e.path("action_id").asText("");
      if (id.equals(SlackInteraction.APPROVE) || id.equals(SlackInteraction.DENY)) {
        return true;
      }
    }
    return false;
  }

  private static String icon(Approval a) {
    return a.status() == ApprovalStatus.APPROVED ? ":white_check_mark:"
        : a.status() == ApprovalStatus.DENIED ? ":no_entry:" : ":hourglass:";
  }

  /** Slack's mrkdwn control characters, so a user's name cannot form links or mentions. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
