package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.IntegrationSecrets;
import dev.airlock.admin.store.ApprovalDecision;
import dev.airlock.proxy.spi.ApprovalStatus;
import java.util.Optional;

/**
 * {@code POST /api/v1/integrations/slack/interactions}: a click on a card's Approve or Deny button.
 * The signature is the only authentication (Slack sends no token): checked against the signing
 * secret of every Slack channel. A genuine click decides the approval once, releases what the node
 * holds for it, and replaces the card with who decided and when, asynchronously, so Slack gets its
 * answer well within its 3 seconds. Blocking JDBC: runs on the store executor.
 */
public final class SlackInteractions {
  private final IntegrationSecrets secrets;
  private final SlackSignature signature;
  private final ChatApprovals approvals;
  private final SlackResponder responder;
  private final ObjectMapper json;

  SlackInteractions(IntegrationSecrets secrets, SlackSignature signature, ChatApprovals approvals,
      SlackResponder responder, ObjectMapper json) {
    this.secrets = requireNonNull(secrets, "secrets");
    this.signature = requireNonNull(signature, "signature");
    this.approvals = requireNonNull(approvals, "approvals");
    this.responder = requireNonNull(responder, "responder");
    this.json = requireNonNull(json, "json");
  }

  /**
   * @param timestamp {@code X-Slack-Request-Timestamp}
   * @param signatureHeader {@code X-Slack-Signature}
   * @param body the raw body, exactly as received
   */
  public ChatAnswer receive(String timestamp, String signatureHeader, byte[] body, String requestId) {
    SlackSignature.Verdict verdict = signature.verify(secrets.slackApps(), timestamp, signatureHeader, body);
    if (verdict.result() != SlackSignature.Result.VALID) {
      return ChatAnswer.unauthorized(reason(verdict.result()));
    }
    SlackInteraction click;
    try {
      click = SlackInteraction.parse(body, json);
    } catch (SlackInteraction.InvalidPayload e) {
      return ChatAnswer.invalid(e.getMessage());
    }
    if (!click.isAirlockButton()) {
      return ChatAnswer.ignored("not an Airlock button: " + click.type() + " " + click.actionId());
    }
    if (click.user() == null) {
      return ChatAnswer.invalid("payload: user.id is missing");
    }
    ApprovalStatus decision = click.actionId().equals(SlackInteraction.APPROVE)
        ? ApprovalStatus.APPROVED : ApprovalStatus.DENIED;
    Optional<ApprovalDecision> result = approvals.decide(click.value(), decision, click.user(), requestId,
        verdict.app()::serves);
    responder.post(click.responseUrl(), result
        .map(d -> SlackReply.replacement(click.message(), d.approval()))
        .orElseGet(() -> SlackReply.unknownApproval(click.value())));
    return result.isPresent() ? ChatAnswer.done() : ChatAnswer.ignored("no approval " + click.value());
  }

  private static String reason(SlackSignature.Result r) {
    return switch (r) {
      case MISSING_HEADERS -> "X-Slack-Signature and X-Slack-Request-Timestamp are required";
      case MALFORMED -> "X-Slack-Signature or X-Slack-Request-Timestamp is malformed";
      case STALE -> "X-Slack-Request-Timestamp is more than 5 minutes from now";
      case MISMATCH -> "the signature matches the signing secret of no Slack channel";
      case VALID -> "";
    };
  }
}
