package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.ApprovalRequest;
import dev.airlock.proxy.trace.Trace;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a REQUIRE_APPROVAL decision as soon as its approval is recorded, while the request is
 * still held, so that a person can approve it from a chat card in time (chat channels only); the
 * trace written when the request ends carries the same event id and is then not sent again to
 * them, while bulk channels (syslog, webhook) get that full trace once. Wraps the node's
 * approval gate; with no channel enabled it adds one snapshot check per held request.
 */
public final class ApprovalAlerts implements ApprovalGate {
  private final ApprovalGate gate;
  private final AlertSink sink;
  private final ChannelDirectory channels;
  private final Clock clock;

  public ApprovalAlerts(ApprovalGate gate, AlertSink sink, ChannelDirectory channels, Clock clock) {
    this.gate = requireNonNull(gate, "gate");
    this.sink = requireNonNull(sink, "sink");
    this.channels = requireNonNull(channels, "channels");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Optional<String> recentGrant(ApprovalRequest request) {
    return gate.recentGrant(request);
  }

  @Override
  public CompletableFuture<Pending> open(ApprovalRequest request) {
    CompletableFuture<Pending> opened = gate.open(request);
    if (request.traceId() == null || channels.snapshot().isEmpty()) {
      return opened;
    }
    return opened.thenApply(p -> {
      sink.publishEarly(new DecisionAlert(held(request, p.id())));
      return p;
    });
  }

  /** The decision as its trace will record it; not scored here (risk signals empty). */
  private Trace held(ApprovalRequest r, String approvalId) {
    return new Trace(r.traceId(), clock.instant(), r.env(), r.agent(), r.keyId(), r.tool(), r.operation(), "",
        r.method(), r.host(), r.path(), 0, "REQUIRE_APPROVAL", "REQUIRE_APPROVAL", r.reasons(), r.ruleRef(), 0.0,
        r.severity(), List.of(), List.of(), 0, 0, 0, -1, approvalId, Map.of());
  }
}
