package dev.airlock.admin.http;

import dev.airlock.admin.integrations.ChatAnswer;
import dev.airlock.admin.integrations.ChatIntegrations;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/integrations/slack/interactions} and {@code /integrations/telegram/webhook}:
 * called by chat apps, which carry no bearer token, so the router hands exactly these two paths
 * here before checking one; each endpoint authenticates its caller itself (Slack's signature,
 * Telegram's secret token). A handled or ignored call gets an empty 200, which is all the chat
 * apps read; a refused one a JSON error.
 */
final class IntegrationsHandler {
  private static final Logger log = LoggerFactory.getLogger(IntegrationsHandler.class);
  private static final List<String> SLACK = List.of("integrations", "slack", "interactions");
  private static final List<String> TELEGRAM = List.of("integrations", "telegram", "webhook");
  private static final byte[] EMPTY = new byte[0];

  private final ChatIntegrations.Endpoints endpoints;
  private final Envelope envelope;

  IntegrationsHandler(ChatIntegrations.Endpoints endpoints, Envelope envelope) {
    this.endpoints = endpoints;
    this.envelope = envelope;
  }

  /** Whether the request is for one of the two endpoints (and nothing else under {@code integrations}). */
  static boolean serves(ApiRequest req) {
    return req.segments().equals(SLACK) || req.segments().equals(TELEGRAM);
  }

  ApiResponse handle(ApiRequest req) {
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    boolean slack = req.segments().equals(SLACK);
    ChatAnswer answer = slack
        ? endpoints.slack().receive(req.header("X-Slack-Request-Timestamp"), req.header("X-Slack-Signature"),
            req.body(), req.requestId())
        : endpoints.telegram().receive(req.header("X-Telegram-Bot-Api-Secret-Token"), req.body(), req.requestId());
    return switch (answer.kind()) {
      case DONE -> empty();
      case IGNORED -> {
        log.debug("{} {}: ignored, {}", req.requestId(), req.path(), answer.message());
        yield empty();
      }
      case UNAUTHORIZED -> {
        log.info("{} {}: refused, {}", req.requestId(), req.path(), answer.message());
        yield envelope.error(req.requestId(), HttpResponseStatus.UNAUTHORIZED,
            slack ? "invalid_signature" : "invalid_secret_token", answer.message(), null);
      }
      case INVALID -> envelope.error(req.requestId(), HttpResponseStatus.BAD_REQUEST, "invalid_payload",
          answer.message(), null);
    };
  }

  private static ApiResponse empty() {
    return ApiResponse.bytes(HttpResponseStatus.OK, "text/plain; charset=utf-8", EMPTY);
  }
}
