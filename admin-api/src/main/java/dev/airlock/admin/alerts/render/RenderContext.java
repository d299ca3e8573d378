package dev.airlock.admin.alerts.render;

import java.time.Clock;

/**
 * What renderers need besides the event and the channel's config.
 *
 * @param traceUrl base of the links to a trace ({@code alerts.trace_url}; the trace id is appended),
 *     or null for no link
 * @param clock the time stamped on signed webhook requests
 */
public record RenderContext(String traceUrl, Clock clock) {
  public RenderContext {
    traceUrl = traceUrl == null || traceUrl.isBlank() ? null : traceUrl;
    clock = clock == null ? Clock.systemUTC() : clock;
  }

  /** The link to trace {@code traceId}, or null. */
  public String traceLink(String traceId) {
    return traceUrl == null || traceId == null || traceId.isEmpty() ? null : traceUrl + traceId;
  }
}
