package dev.airlock.proxy.normalize.slack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.body.BodyFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Who a Slack Connect call shares a channel with: other organisations, by email or unnamed. */
final class SlackConnect {
  private static final String INVITE = "conversations.inviteShared";
  private static final String ACCEPT = "conversations.acceptSharedInvite";

  private SlackConnect() {}

  static boolean isSlackConnect(String method) {
    return method.equals(INVITE) || method.equals(ACCEPT);
  }

  /** The call with the invited addresses (or "anyone") added to its recipients. */
  static ToolCall withInvitees(ToolCall call, String method, InspectedRequest req) {
    List<String> recipients = new ArrayList<>(call.recipients());
    List<String> emails = method.equals(INVITE) ? emails(req) : List.of();
    if (emails.isEmpty()) {
      recipients.add(ToolCall.ANYONE);
    } else {
      recipients.addAll(emails);
    }
    return new ToolCall(call.tool(), call.operation(), call.verb(), null, recipients, call.attributes());
  }

  /** {@code emails}: a JSON array, or a comma-separated form/query value. */
  private static List<String> emails(InspectedRequest req) {
    List<String> out = new ArrayList<>();
    Optional<JsonNode> json = BodyFields.json(req);
    JsonNode array = json.map(root -> root.get("emails")).orElse(null);
    if (array != null && array.isArray()) {
      array.forEach(e -> {
        if (e.isTextual() && !e.asText().isBlank()) {
          out.add(e.asText().strip());
        }
      });
      return out;
    }
    BodyFields.lookup(req).get("emails").ifPresent(v -> {
      for (String e : v.split(",")) {
        if (!e.isBlank()) {
          out.add(e.strip());
        }
      }
    });
    return out;
  }
}
