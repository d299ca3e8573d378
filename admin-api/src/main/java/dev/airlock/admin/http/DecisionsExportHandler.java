package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.export.ExportFormat;
import dev.airlock.admin.export.TraceEncoder;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.TraceRepository;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/decisions/export?format=json|ndjson|csv|splunk|datadog&since&until&env}: every
 * trace of the range, oldest first, streamed from a database cursor into the response as it is
 * read, so memory stays the same for millions of rows. Every parameter is checked before the
 * first byte is sent (a bad one is a 400 in the error envelope). An environment-scoped key exports
 * only its environment; auditors may export. At most {@link #MAX_RUNNING} exports run at once,
 * each holding a store thread and a connection for its duration; more get 429.
 *
 * <p>Exports are read-only, and the audit log records changes only: each export is logged with
 * who asked and for what.
 */
final class DecisionsExportHandler implements ResourceHandler {
  private static final Logger log = LoggerFactory.getLogger(DecisionsExportHandler.class);
  static final int MAX_RUNNING = 2;
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final TraceRepository traces;
  private final ObjectMapper json;
  private final Clock clock;
  private final String host;
  private final Semaphore running = new Semaphore(MAX_RUNNING);

  /** @param host this node's host name, carried by the Splunk and Datadog formats */
  DecisionsExportHandler(TraceRepository traces, ObjectMapper json, Clock clock, String host) {
    this.traces = traces;
    this.json = json;
    this.clock = clock;
    this.host = host;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (req.segments().size() != 2 || !req.segments().get(1).equals("export")) {
      throw ApiException.notFound("no such resource: " + req.path());
    }
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
    String formatName = req.param("format");
    ExportFormat format = formatName == null ? ExportFormat.JSON : ExportFormat.of(formatName).orElseThrow(
        () -> ApiException.badRequest("invalid_parameter", "format",
            "format: \"" + formatName + "\" (expected: one of " + ExportFormat.slugs() + ")"));
    String requestedEnv = req.param("env");
    if (requestedEnv != null && !Environment.SLUG.matcher(requestedEnv).matches()) {
      throw ApiException.badRequest("invalid_parameter", "env",
          "env: \"" + requestedEnv + "\" (expected: an environment slug such as production)");
    }
    String env = Scopes.listEnv(req.principal(), requestedEnv);
    Instant now = Instant.now(clock);
    Instant since = TimeParam.parse("since", req.param("since"), now);
    Instant until = TimeParam.parse("until", req.param("until"), now);
    if (since != null && until != null && !since.isBefore(until)) {
      throw ApiException.badRequest("invalid_parameter", "until",
          "until: " + until + " is not after since: " + since);
    }
    if (!running.tryAcquire()) {
      throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_exports",
          MAX_RUNNING + " exports are already running on this node; retry when one has finished", null);
    }
    Principal who = req.principal();
    log.info("request {}: decisions export by {} ({}): format={} env={} since={} until={}", req.requestId(),
        who.keyId(), who.role().slug(), format.slug(), env == null ? "*" : env, since, until);
    String fileName = "airlock-decisions-" + FILE_TIME.format(now) + "." + format.extension();
    return ApiResponse.streamed(format.mediaType(),
        Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""),
        out -> {
          try {
            long started = System.nanoTime();
            TraceEncoder encoder = format.open(out, json, host);
            long n = traces.stream(env, since, until, out::onAbort, encoder::trace);
            encoder.finish();
            log.info("request {}: exported {} traces in {} ms", req.requestId(), n,
                (System.nanoTime() - started) / 1_000_000);
          } finally {
            running.release();
          }
        });
  }
}
