package dev.airlock.admin.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One Slack interaction as its request carries it: a form-encoded body whose {@code payload} field
 * holds the JSON. Only {@code block_actions} on Airlock's buttons ({@link #APPROVE} / {@link #DENY},
 * value = approval id) concern Airlock.
 *
 * @param type the payload's type, e.g. {@code block_actions}
 * @param user who clicked (null when the payload names nobody)
 * @param actionId the first action's {@code action_id} ("" when none)
 * @param value the first action's {@code value} ("" when none)
 * @param responseUrl where the original message can be replaced ("" when absent)
 * @param message the message the button was on (null when absent, e.g. an ephemeral one)
 */
public record SlackInteraction(String type, ChatUser user, String actionId, String value, String responseUrl,
    JsonNode message) {
  public static final String APPROVE = "airlock_approve";
  public static final String DENY = "airlock_deny";

  /** The body could not be read as an interaction. */
  public static final class InvalidPayload extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidPayload(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the form body; throws {@link InvalidPayload} naming what is wrong. */
  public static SlackInteraction parse(byte[] body, ObjectMapper json) {
    Map<String, List<String>> form =
        new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false).parameters();
    List<String> payloads = form.get("payload");
    if (payloads == null || payloads.size() != 1 || payloads.get(0).isBlank()) {
      throw new InvalidPayload("payload: expected one form field \"payload\" holding the interaction's JSON");
    }
    JsonNode p;
    try {
      p = json.readTree(payloads.get(0));
    } catch (JsonProcessingException e) {
      throw new InvalidPayload("payload: not JSON (" + e.getOriginalMessage() + ")");
    }
    if (p == null || !p.isObject()) {
      throw new InvalidPayload("payload: expected a JSON object");
    }
    JsonNode action = p.path("actions").path(0);
    JsonNode message = p.get("message");
    return new SlackInteraction(
        p.path("type").asText(""),
        user(p.path("user")),
        action.path("action_id").asText(""),
        action.path("value").asText(""),
        p.path("response_url").asText(""),
        message != null && message.isObject() ? message : null);
  }

  /** Whether this is a click on Airlock's Approve or Deny button. */
  public boolean isAirlockButton() {
    return type.equals("block_actions") && (actionId.equals(APPROVE) || actionId.equals(DENY));
  }

  private static ChatUser user(JsonNode u) {
    String id = u.path("id").asText("");
    if (id.isBlank()) {
      return null;
    }
    String name = u.path("username").asText("");
    if (name.isBlank()) {
      name = u.path("name").asText("");
    }
    return new ChatUser("slack", id, name);
  }
}
