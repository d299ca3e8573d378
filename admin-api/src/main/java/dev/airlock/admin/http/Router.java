package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airlock.admin.metrics.Exposition;
import dev.airlock.admin.metrics.NodeMetrics;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.StoreException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health endpoints, the metrics exposition (open, like the health endpoints: scrapers rarely
 * carry tokens, and it holds counts, not secrets), bearer auth for {@code /api/v1} (except the scan
 * API and the two chat app endpoints, which authenticate their callers otherwise), dispatch by
 * resource name, and translation of every failure into the error envelope. Runs on the store executor.
 */
final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  static final String API_PREFIX = "/api/v1";

  private final Map<String, ResourceHandler> resources;
  private final BearerAuth auth;
  private final BooleanSupplier databaseReady;
  private final BooleanSupplier storeOpen;
  private final Envelope envelope;
  private final NodeMetrics metrics;
  /** {@code /api/v1/scan}, authenticated by agent key instead of admin bearer token; null when not served. */
  private final ScanHandler scan;
  /** The chat apps' endpoints, authenticated by their own secrets instead of a bearer token; null when not served. */
  private final IntegrationsHandler integrations;

  Router(Map<String, ResourceHandler> resources, BearerAuth auth, BooleanSupplier databaseReady,
      BooleanSupplier storeOpen, Envelope envelope, NodeMetrics metrics) {
    this(resources, auth, databaseReady, storeOpen, envelope, metrics, null, null);
  }

  Router(Map<String, ResourceHandler> resources, BearerAuth auth, BooleanSupplier databaseReady,
      BooleanSupplier storeOpen, Envelope envelope, NodeMetrics metrics, ScanHandler scan,
      IntegrationsHandler integrations) {
    this.scan = scan;
    this.integrations = integrations;
    this.resources = Map.copyOf(resources);
    this.auth = auth;
    this.databaseReady = databaseReady;
    this.storeOpen = storeOpen;
    this.envelope = envelope;
    this.metrics = metrics;
  }

  ApiResponse route(ApiRequest req) {
    try {
      return dispatch(req);
    } catch (ApiException e) {
      return envelope.error(req.requestId(), e.status(), e.code(), e.getMessage(), e.field());
    } catch (StoreException e) {
      return storeError(req, e);
    } catch (RuntimeException e) {
      log.error("request {} {} {} failed", req.requestId(), req.method(), req.path(), e);
      return envelope.error(req.requestId(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
          "internal error (request " + req.requestId() + ")", null);
    }
  }

  private ApiResponse dispatch(ApiRequest req) {
    String path = req.path();
    if (path.equals("/healthz") || path.equals("/readyz")) {
      if (!req.isGet()) {
        throw ApiException.methodNotAllowed(req);
      }
      boolean ready = path.equals("/healthz") || databaseReady.getAsBoolean();
      return new ApiResponse(
          ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
          JsonNodeFactory.instance.objectNode().put("status", ready ? "ok" : "unavailable"));
    }
    if (path.equals("/metrics")) {
      if (!req.isGet()) {
        throw ApiException.methodNotAllowed(req);
      }
      Exposition exposition = metrics.scrape(req.accept());
      return ApiResponse.bytes(HttpResponseStatus.OK, exposition.contentType(), exposition.body());
    }
    if (!path.equals(API_PREFIX) && !path.startsWith(API_PREFIX + "/")) {
      throw ApiException.notFound("no such resource: " + path);
    }
    if (scan != null && req.segments().size() == 1 && req.segments().get(0).equals("scan")) {
      // Agents, not admins: their key is checked against the in-memory agent directory, which
      // answers 503 itself until it has been loaded.
      return scan.handle(req);
    }
    if (!storeOpen.getAsBoolean()) {
      // Even the bearer token is checked against the database: nothing here can be answered yet.
      return envelope.error(req.requestId(), HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable",
          "the database is not reachable yet; Airlock keeps retrying, try again shortly", null);
    }
    if (integrations != null && IntegrationsHandler.serves(req)) {
      // Slack and Telegram cannot send a bearer token: these two paths check their caller's
      // signature or secret token instead, and only these two.
      return integrations.handle(req);
    }
    Optional<Principal> principal = auth.principalOf(req.authorization());
    if (principal.isEmpty()) {
      return envelope.error(req.requestId(), HttpResponseStatus.UNAUTHORIZED, "unauthorized",
          "missing or invalid bearer token (see DATA/admin-token)", null);
    }
    if (!principal.get().canWrite() && !req.isGet() && !isValidation(req)) {
      return envelope.error(req.requestId(), HttpResponseStatus.FORBIDDEN, "forbidden",
          "the auditor role is read-only", null);
    }
    ResourceHandler handler = req.segments().isEmpty() ? null : resources.get(req.segments().get(0));
    if (handler == null) {
      throw ApiException.notFound("no such resource: " + path);
    }
    return handler.handle(req.as(principal.get()));
  }

  /**
   * POSTs that change nothing: validating a document, and comparing or simulating a candidate
   * policy against what is stored. Auditors may make them.
   */
  private static boolean isValidation(ApiRequest req) {
    if (!HttpMethod.POST.equals(req.method()) || req.segments().size() != 2) {
      return false;
    }
    String action = req.segments().get(1);
    return action.equals("validate")
        || (req.segments().get(0).equals("policies") && (action.equals("diff") || action.equals("simulate")));
  }

  private ApiResponse storeError(ApiRequest req, StoreException e) {
    HttpResponseStatus status =
        switch (e.kind()) {
          case INVALID -> HttpResponseStatus.UNPROCESSABLE_ENTITY;
          case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
          case CONFLICT -> HttpResponseStatus.CONFLICT;
          case UNAVAILABLE -> HttpResponseStatus.SERVICE_UNAVAILABLE;
          case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
        };
    if (e.kind() == StoreException.Kind.UNAVAILABLE || e.kind() == StoreException.Kind.INTERNAL) {
      // Driver messages can name tables and values; they go to the log, not to the client.
      log.error("request {} {} {} failed: {}", req.requestId(), req.method(), req.path(), e.getMessage());
      String message = e.kind() == StoreException.Kind.UNAVAILABLE
          ? "database unavailable" : "internal error (request " + req.requestId() + ")";
      return envelope.error(req.requestId(), status, e.code(), message, null);
    }
    return envelope.error(req.requestId(), status, e.code(), e.getMessage(), e.field());
  }
}
