package dev.airlock.admin.integrations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Slack interaction requests as Slack sends them: a {@code block_actions} payload (shaped like the
 * examples of Slack's interactivity docs) for a click on an Airlock card's button, form-encoded and
 * signed with an app's signing secret.
 */
public final class SlackClicks {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  private SlackClicks() {}

  /** The card Airlock's Slack channel posts for an approval: a section and the two buttons. */
  public static ObjectNode card(String approvalId) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "message");
    message.put("text", "Approval needed: local-agent wants api.example.com POST /deploy");
    message.put("ts", "1733500000.000100");
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode section = blocks.addObject().put("type", "section").put("block_id", "summary");
    section.putObject("text").put("type", "mrkdwn").put("text", "*REQUIRE_APPROVAL* local-agent → api.example.com");
    ObjectNode actions = blocks.addObject().put("type", "actions").put("block_id", "decide");
    ArrayNode elements = actions.putArray("elements");
    for (String[] b : new String[][] {{SlackInteraction.APPROVE, "Approve", "primary"},
        {SlackInteraction.DENY, "Deny", "danger"}}) {
      ObjectNode button = elements.addObject().put("type", "button").put("action_id", b[0]).put("value", approvalId)
          .put("style", b[2]);
      button.putObject("text").put("type", "plain_text").put("text", b[1]);
    }
    return message;
  }

  /** The JSON payload of a click on {@code actionId} by {@code userName} ({@code userId}). */
  public static String payload(String actionId, String approvalId, String userId, String userName, String responseUrl) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "block_actions");
    ObjectNode user = p.putObject("user");
    user.put("id", userId).put("username", userName).put("name", userName).put("team_id", "T1DC2JH3J");
    p.put("api_app_id", "A0AIRLOCK");
    p.put("token", "xyzz0WbapA4vBCDEFasx0q6G");
    ObjectNode container = p.putObject("container");
    container.put("type", "message").put("message_ts", "1733500000.000100").put("channel_id", "C0APPROVALS")
        .put("is_ephemeral", false);
    p.put("trigger_id", "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
    p.putObject("team").put("id", "T1DC2JH3J").put("domain", "testteamnow");
    p.putObject("channel").put("id", "C0APPROVALS").put("name", "approvals");
    p.set("message", card(approvalId));
    p.put("response_url", responseUrl);
    ObjectNode action = p.putArray("actions").addObject();
    action.put("action_id", actionId).put("block_id", "decide").put("value", approvalId).put("type", "button")
        .put("action_ts", "1733500012.345678");
    action.putObject("text").put("type", "plain_text").put("text", "Approve");
    return p.toString();
  }

  /** {@code payload=<url-encoded JSON>}, as Slack posts it. */
  public static String form(String payloadJson) {
    return "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
  }

  /** POSTs {@code body} signed with {@code secret} at {@code at} to the admin API's interactions endpoint. */
  public static HttpResponse<String> post(int adminPort, String body, String secret, Instant at) throws Exception {
    String ts = Long.toString(at.getEpochSecond());
    return postWithHeaders(adminPort, body, ts,
        SlackSignature.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** POSTs {@code body} with these signature headers (null: header left out). */
  public static HttpResponse<String> postWithHeaders(int adminPort, String body, String timestamp, String signature)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + adminPort + "/api/v1/integrations/slack/interactions"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      b.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      b.header("X-Slack-Signature", signature);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
