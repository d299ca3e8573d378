package dev.airlock.admin.http;

import dev.airlock.admin.metrics.NodeStatus;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code GET /api/v1/status}: the running node in one document (what {@code airlock status} shows). */
final class StatusHandler implements ResourceHandler {
  private final NodeStatus status;
  private final BooleanSupplier databaseReady;
  private final Supplier<String> adminListen;
  private final Envelope envelope;

  StatusHandler(NodeStatus status, BooleanSupplier databaseReady, Supplier<String> adminListen, Envelope envelope) {
    this.status = status;
    this.databaseReady = databaseReady;
    this.adminListen = adminListen;
    this.envelope = envelope;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (req.segments().size() != 1) {
      throw ApiException.notFound("no such resource: " + req.path());
    }
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
    return envelope.ok(req, status.toJson(adminListen.get(), databaseReady.getAsBoolean()));
  }
}
