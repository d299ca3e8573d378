package dev.airlock.admin.alerts.delivery;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.render.DiscordMessage;
import dev.airlock.admin.alerts.render.EventFormat;
import dev.airlock.admin.alerts.render.OutboundRequest;
import dev.airlock.admin.alerts.render.RenderContext;
import dev.airlock.admin.alerts.render.SlackMessage;
import dev.airlock.admin.alerts.render.TeamsMessage;
import dev.airlock.admin.alerts.render.TelegramMessage;
import dev.airlock.admin.alerts.render.WebhookMessage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Slack, Discord, Teams, Telegram and webhook channels over HTTPS with the JDK client (a webhook
 * channel's batch goes in one request, in its format's multi-event form): the default
 * trust store verifies every certificate, no redirect is followed, and each request has a timeout.
 * 2xx is delivered; 429 rate-limits the channel until its {@code Retry-After} (or Telegram's {@code
 * parameters.retry_after}); anything else is a failure whose error names the status and the host.
 */
public final class HttpTransport implements ChannelTransport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 200;

  private final HttpClient client;
  private final Duration timeout;
  private final RenderContext context;
  private final Map<String, EventFormat> formats;
  private final Clock clock;

  /**
   * @param formats webhook body formats besides json (cef, ocsf, ndjson, splunk, datadog), by name
   */
  public HttpTransport(HttpClient client, Duration timeout, RenderContext context, Map<String, EventFormat> formats) {
    this.client = requireNonNull(client, "client");
    this.timeout = requireNonNull(timeout, "timeout");
    this.context = requireNonNull(context, "context");
    this.formats = Map.copyOf(formats);
    this.clock = context.clock();
  }

  /** A client that verifies certificates with the JDK's trust store and never follows redirects. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();
  }

  @Override
  public Outcome send(AlertChannel channel, AlertEvent event) {
    OutboundRequest out;
    try {
      out = render(channel.spec().config(), channel, event);
    } catch (UnsupportedOperationException e) {
      return Outcome.failed(e.getMessage());
    }
    return post(out);
  }

  @Override
  public Outcome sendBatch(AlertChannel channel, List<AlertEvent> events) {
    if (channel.type() != dev.airlock.admin.alerts.ChannelType.WEBHOOK) {
      return Outcome.failed(channel.type().slug() + " channels do not take batches");
    }
    try {
      return post(WebhookMessage.renderBatch(channel.spec().config(), events, context, formats));
    } catch (UnsupportedOperationException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  private Outcome post(OutboundRequest out) {
    HttpRequest.Builder b = HttpRequest.newBuilder(out.uri()).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.body()));
    out.headers().forEach(b::header);
    String host = out.uri().getHost();
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Outcome.failed("cannot reach " + host + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + firstLine(e.getMessage())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.failed("interrupted while sending to " + host);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Outcome.delivered();
    }
    String error = "HTTP " + status + " from " + host + excerpt(response.body());
    if (status == 429) {
      String header = response.headers().firstValue("Retry-After").orElse(telegramRetryAfter(response.body()));
      return Outcome.rateLimited(RetryAfter.parse(header, clock.instant()), error);
    }
    return Outcome.failed(error);
  }

  private OutboundRequest render(ObjectNode config, AlertChannel channel, AlertEvent event) {
    return switch (channel.type()) {
      case SLACK -> SlackMessage.render(config, event, context);
      case DISCORD -> DiscordMessage.render(config, event, context);
      case TEAMS -> TeamsMessage.render(config, event, context);
      case TELEGRAM -> TelegramMessage.render(config, event, context);
      case WEBHOOK -> WebhookMessage.render(config, event, context, formats);
      case SYSLOG -> throw new UnsupportedOperationException("syslog is not sent over HTTP");
    };
  }

  /** Telegram answers 429 with {@code {"parameters":{"retry_after":N}}} in the body. */
  private static String telegramRetryAfter(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.at("/parameters/retry_after").isNumber() ? n.at("/parameters/retry_after").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = firstLine(body.strip());
    return ": " + (line.length() > MAX_ERROR_BODY ? line.substring(0, MAX_ERROR_BODY) + "…" : line);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).replace('\r', ' ');
  }
}
