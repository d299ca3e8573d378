package dev.airlock.proxy.normalize.slack;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.body.BodyFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slack: the Web API ({@code /api/<method>} on slack.com and workspace subdomains), the upload
 * URLs handed out by files.getUploadURLExternal (files.slack.com), and incoming webhooks
 * (hooks.slack.com). Arguments may come as JSON, form fields or query parameters.
 *
 * <p>Slack Connect reaches other organisations: {@code conversations.inviteShared} names the
 * invited addresses as recipients (an invitation by user id only, or accepting another org's
 * shared channel, reaches an org that cannot be named, so it counts as {@link ToolCall#ANYONE}).
 */
public final class SlackNormalizer implements Normalizer {
  private static final String TOOL = "slack";
  /** Where Slack methods take a channel, in order of preference (files.upload takes a list). */
  private static final List<String> CHANNEL_FIELDS = List.of("channel", "channel_id", "channels");

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    String host = req.host();
    if (!host.equals("slack.com") && !host.endsWith(".slack.com")) {
      return Optional.empty();
    }
    String path = req.path();
    if (path.startsWith("/api/") && path.length() > "/api/".length()) {
      String method = path.substring("/api/".length());
      method = method.endsWith("/") ? method.substring(0, method.length() - 1) : method;
      SlackMethods.Operation op = SlackMethods.operation(method);
      ToolCall call = withChannel(req, op.name(), op.verb(), Map.of("method", method));
      return Optional.of(SlackConnect.isSlackConnect(method) ? SlackConnect.withInvitees(call, method, req) : call);
    }
    if (host.equals("files.slack.com") && path.startsWith("/upload/")) {
      return Optional.of(ToolCall.of(TOOL, "upload_file", Verb.WRITE));
    }
    if (host.equals("hooks.slack.com") && path.startsWith("/services/")) {
      return Optional.of(withChannel(req, "post_message", Verb.WRITE, Map.of("via", "webhook")));
    }
    String operation = "http_" + req.method().toLowerCase(Locale.ROOT);
    return Optional.of(ToolCall.of(TOOL, operation, Verb.defaultFor(req.method())));
  }

  private static ToolCall withChannel(
      InspectedRequest req, String operation, Verb verb, Map<String, String> extra) {
    Map<String, String> attributes = new LinkedHashMap<>(extra);
    List<String> recipients = new ArrayList<>();
    BodyFields.Lookup fields = BodyFields.lookup(req);
    for (String field : CHANNEL_FIELDS) {
      Optional<String> value = fields.get(field);
      if (value.isPresent() && !value.get().isBlank()) {
        for (String channel : value.get().split(",")) {
          if (!channel.isBlank()) {
            recipients.add(channel.strip());
          }
        }
        attributes.put("channel", String.join(",", recipients));
        break;
      }
    }
    return new ToolCall(TOOL, operation, verb, null, recipients, attributes);
  }
}
