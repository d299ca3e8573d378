package dev.airlock.proxy.normalize.google;

import static dev.airlock.proxy.normalize.Verb.ADMIN;
import static dev.airlock.proxy.normalize.Verb.READ;
import static dev.airlock.proxy.normalize.Verb.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.body.BodyFields;
import dev.airlock.proxy.normalize.body.MailAddresses;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gmail API ({@code gmail.googleapis.com}, or {@code www.googleapis.com/gmail/...}). Sending is
 * {@code send_email}; its recipients are read from the To/Cc/Bcc headers of the RFC 822 message,
 * which arrives base64url-encoded in {@code raw} (JSON), or as the body of a media or multipart
 * upload. Settings that send mail elsewhere (forwarding, filters, delegates) are ADMIN and name
 * their target as a recipient too.
 */
public final class GmailNormalizer implements Normalizer {
  static final String TOOL = "gmail";
  private static final Set<String> HOSTS = Set.of("gmail.googleapis.com", "www.googleapis.com");
  private static final String USER = "/gmail/v1/users/{user}";
  private static final String UPLOAD = "/upload/gmail/v1/users/{user}";
  /** Settings whose body names an address mail will go to, and the field that holds it. */
  private static final Map<String, String> FORWARD_TARGETS = Map.of(
      "add_forwarding_address", "forwardingEmail", "set_auto_forwarding", "emailAddress",
      "create_filter", "action.forward", "add_delegate", "delegateEmail");

  private static final java.util.regex.Pattern RFC822_PART =
      java.util.regex.Pattern.compile("(?i)content-type:[ \t]*message/rfc822");

  private static final Routes ROUTES = new Routes()
      .add("POST", USER + "/messages/send", "send_email", WRITE)
      .add("POST", UPLOAD + "/messages/send", "send_email", WRITE)
      .add("POST", USER + "/drafts/send", "send_email", WRITE)
      .add("POST", UPLOAD + "/drafts/send", "send_email", WRITE)
      .add("POST", USER + "/drafts", "create_draft", WRITE)
      .add("POST", UPLOAD + "/drafts", "create_draft", WRITE)
      .add("PUT", USER + "/drafts/{draft_id}", "update_draft", WRITE)
      .add("PUT", UPLOAD + "/drafts/{draft_id}", "update_draft", WRITE)
      .add("DELETE", USER + "/drafts/{draft_id}", "delete_draft", WRITE)
      .add("POST", USER + "/messages", "insert_message", WRITE)
      .add("POST", UPLOAD + "/messages", "insert_message", WRITE)
      .add("POST", USER + "/messages/import", "insert_message", WRITE)
      .add("POST", UPLOAD + "/messages/import", "insert_message", WRITE)
      .add("POST", USER + "/messages/batchModify", "modify_messages", WRITE)
      .add("POST", USER + "/messages/batchDelete", "delete_messages", WRITE)
      .add("POST", USER + "/messages/{message_id}/modify", "modify_messages", WRITE)
      .add("POST", USER + "/threads/{thread_id}/modify", "modify_messages", WRITE)
      .add("POST", USER + "/messages/{message_id}/trash", "delete_messages", WRITE)
      .add("POST", USER + "/threads/{thread_id}/trash", "delete_messages", WRITE)
      .add("DELETE", USER + "/messages/{message_id}", "delete_messages", WRITE)
      .add("DELETE", USER + "/threads/{thread_id}", "delete_messages", WRITE)
      .add("GET", USER + "/messages/{message_id}/attachments/{attachment_id}", "read_attachment", READ)
      .add("GET", USER + "/messages/**", "read_messages", READ)
      .add("GET", USER + "/threads/**", "read_messages", READ)
      .add("GET", USER + "/history", "read_messages", READ)
      .add("POST", USER + "/settings/forwardingAddresses", "add_forwarding_address", ADMIN)
      .add("PUT", USER + "/settings/autoForwarding", "set_auto_forwarding", ADMIN)
      .add("POST", USER + "/settings/filters", "create_filter", ADMIN)
      .add("POST", USER + "/settings/delegates", "add_delegate", ADMIN)
      .add("POST", USER + "/settings/sendAs", "update_send_as", ADMIN)
      .add("PUT", USER + "/settings/sendAs/**", "update_send_as", ADMIN)
      .add("PATCH", USER + "/settings/sendAs/**", "update_send_as", ADMIN)
      .add("PUT", USER + "/settings/vacation", "set_vacation", WRITE)
      .add("POST", USER + "/watch", "watch_mailbox", WRITE)
      .add("GET", USER + "/**", "read", READ);

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    String path = req.path();
    boolean gmailPath = path.startsWith("/gmail/") || path.startsWith("/upload/gmail/");
    if (!HOSTS.contains(req.host()) || !gmailPath) {
      return Optional.empty();
    }
    Routes.Route route = ROUTES.match(req.method(), path);
    String op = route.operation();
    List<String> recipients = List.of();
    if (op.equals("send_email") || op.equals("create_draft") || op.equals("update_draft")) {
      recipients = message(req).map(MailAddresses::recipients).orElse(List.of());
    } else if (FORWARD_TARGETS.containsKey(op)) {
      recipients = BodyFields.json(req).flatMap(b -> BodyFields.text(b, FORWARD_TARGETS.get(op)))
          .map(MailAddresses::addresses).orElse(List.of());
    }
    return Optional.of(new ToolCall(TOOL, op, route.verb(), null, recipients, Map.of()));
  }

  /** The RFC 822 message of a send or draft request, when it can be found. */
  private static Optional<String> message(InspectedRequest req) {
    String media = req.mediaType();
    if (media.equals("message/rfc822")) {
      return Optional.of(req.bodyText());
    }
    if (media.startsWith("multipart/")) {
      String text = req.bodyText();
      java.util.regex.Matcher part = RFC822_PART.matcher(text);
      int start = part.find() ? text.indexOf("\r\n\r\n", part.end()) : -1;
      return start < 0 ? Optional.empty() : Optional.of(text.substring(start + 4));
    }
    Optional<JsonNode> json = BodyFields.json(req);
    Optional<String> raw = json.flatMap(b -> BodyFields.text(b, "raw"))
        .or(() -> json.flatMap(b -> BodyFields.text(b, "message.raw")));
    return raw.flatMap(GmailNormalizer::decodeBase64);
  }

  /** base64url as the API documents it, or standard base64 as some clients send it. */
  private static Optional<String> decodeBase64(String value) {
    String v = value.strip();
    for (Base64.Decoder d : List.of(Base64.getUrlDecoder(), Base64.getMimeDecoder())) {
      try {
        return Optional.of(new String(d.decode(v), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // try the next alphabet
      }
    }
    return Optional.empty();
  }
}
