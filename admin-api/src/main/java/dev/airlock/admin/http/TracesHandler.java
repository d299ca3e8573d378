package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airlock.admin.store.KeysetCursor;
import dev.airlock.admin.store.TraceJson;
import dev.airlock.admin.store.TracePage;
import dev.airlock.admin.store.TraceQuery;
import dev.airlock.admin.store.TraceRepository;
import dev.airlock.proxy.trace.Trace;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * {@code GET /api/v1/traces}: newest first, filtered, keyset-paged; {@code GET /api/v1/traces/{id}}:
 * one trace. An environment-scoped key sees only its environment's traces.
 */
final class TracesHandler implements ResourceHandler {
  /** Policy decisions, and the authentication outcomes of requests refused before any policy. */
  private static final Set<String> DECISIONS =
      Set.of("ALLOW", "SANITIZE", "DENY", "REQUIRE_APPROVAL", "AUTH_REQUIRED", "AUTH_FAILED");

  private final TraceRepository traces;
  private final Envelope envelope;
  private final Clock clock;

  TracesHandler(TraceRepository traces, Envelope envelope, Clock clock) {
    this.traces = traces;
    this.envelope = envelope;
    this.clock = clock;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (req.segments().size() > 2) {
      throw ApiException.notFound("no such resource: " + req.path());
    }
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
    if (req.segments().size() == 2) {
      return one(req, req.segments().get(1));
    }
    Instant now = Instant.now(clock);
    String decision = req.param("decision");
    if (decision != null && !DECISIONS.contains(decision)) {
      throw ApiException.badRequest("invalid_parameter", "decision",
          "decision: \"" + decision + "\" (expected: one of " + DECISIONS + ")");
    }
    TraceQuery query =
        new TraceQuery(
            Scopes.listEnv(req.principal(), req.param("env")),
            TimeParam.parse("since", req.param("since"), now),
            TimeParam.parse("until", req.param("until"), now),
            decision,
            req.param("agent"),
            req.param("tool"),
            ListParams.limit(req.param("limit")),
            ListParams.cursor(req.param("cursor")));
    TracePage page = traces.query(query);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(t -> items.add(TraceJson.toJson(t)));
    long total = traces.countMatches(query);
    ApiResponse response = envelope.list(req, items, page.next().map(KeysetCursor::encode).orElse(null), total);
    if (total >= TraceRepository.COUNT_CAP) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) response.body().get("meta")).put("total_is_lower_bound", true);
    }
    return response;
  }

  private ApiResponse one(ApiRequest req, String id) {
    String notFound = "trace not found: " + id;
    Trace trace = traces.find(id).orElseThrow(() -> ApiException.notFound(notFound));
    Scopes.requireVisible(req.principal(), trace.env(), notFound);
    return envelope.ok(req, TraceJson.toJson(trace));
  }
}
