package dev.airlock.proxy.server;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.exfil.ResponseScanner;
import dev.airlock.proxy.spi.AgentDirectory;
import dev.airlock.proxy.spi.ApprovalGate;
import dev.airlock.proxy.spi.InMemoryApprovalGate;
import dev.airlock.proxy.spi.TraceSink;

/**
 * The shared, thread-safe services every agent connection uses.
 *
 * @param config data-plane settings
 * @param agents credential lookup
 * @param guard destination (SSRF) guard
 * @param mitm per-host server TLS contexts for interception
 * @param upstreamTls client TLS for upstream connections
 * @param decider inspection + policy decision
 * @param traces trace sink
 * @param passthrough hosts tunnelled without interception
 * @param stats counters
 * @param connectionLimit concurrent connections allowed per agent
 * @param upstreamPool idle upstream connections shared across agent connections
 * @param authAttempts missing and wrong credentials, counted and traced per source address
 * @param approvals where requests that need a human decision are recorded and held
 * @param responses takes the response bodies relayed to agents (read-then-write detection)
 */
public record ProxyContext(
    ProxyConfig config,
    AgentDirectory agents,
    DestinationGuard guard,
    MitmContexts mitm,
    UpstreamTls upstreamTls,
    RequestDecider decider,
    TraceSink traces,
    HostGlobs passthrough,
    ProxyStats stats,
    AgentConnectionLimit connectionLimit,
    UpstreamPool upstreamPool,
    AuthAttempts authAttempts,
    ApprovalGate approvals,
    ResponseScanner responses) {

  public ProxyContext {
    requireNonNull(config, "config");
    requireNonNull(agents, "agents");
    requireNonNull(guard, "guard");
    requireNonNull(mitm, "mitm");
    requireNonNull(upstreamTls, "upstreamTls");
    requireNonNull(decider, "decider");
    requireNonNull(traces, "traces");
    requireNonNull(passthrough, "passthrough");
    requireNonNull(stats, "stats");
    requireNonNull(connectionLimit, "connectionLimit");
    requireNonNull(upstreamPool, "upstreamPool");
    requireNonNull(authAttempts, "authAttempts");
    requireNonNull(approvals, "approvals");
    requireNonNull(responses, "responses");
  }

  /** Without response scanning. */
  public ProxyContext(ProxyConfig config, AgentDirectory agents, DestinationGuard guard, MitmContexts mitm,
      UpstreamTls upstreamTls, RequestDecider decider, TraceSink traces, HostGlobs passthrough, ProxyStats stats,
      AgentConnectionLimit connectionLimit, UpstreamPool upstreamPool, AuthAttempts authAttempts,
      ApprovalGate approvals) {
    this(config, agents, guard, mitm, upstreamTls, decider, traces, passthrough, stats, connectionLimit, upstreamPool,
        authAttempts, approvals, ResponseScanner.NONE);
  }

  /** With approvals kept in this process only (nobody outside can decide them). */
  public ProxyContext(ProxyConfig config, AgentDirectory agents, DestinationGuard guard, MitmContexts mitm,
      UpstreamTls upstreamTls, RequestDecider decider, TraceSink traces, HostGlobs passthrough, ProxyStats stats,
      AgentConnectionLimit connectionLimit, UpstreamPool upstreamPool, AuthAttempts authAttempts) {
    this(config, agents, guard, mitm, upstreamTls, decider, traces, passthrough, stats, connectionLimit, upstreamPool,
        authAttempts, new InMemoryApprovalGate());
  }

  /** With authentication failures traced to {@code traces} and approvals recorded in {@code approvals}. */
  public ProxyContext(ProxyConfig config, AgentDirectory agents, DestinationGuard guard, MitmContexts mitm,
      UpstreamTls upstreamTls, RequestDecider decider, TraceSink traces, HostGlobs passthrough, ProxyStats stats,
      AgentConnectionLimit connectionLimit, UpstreamPool upstreamPool, ApprovalGate approvals) {
    this(config, agents, guard, mitm, upstreamTls, decider, traces, passthrough, stats, connectionLimit, upstreamPool,
        new AuthAttempts(traces, agents), approvals);
  }

  /** With authentication failures traced to {@code traces}. */
  public ProxyContext(ProxyConfig config, AgentDirectory agents, DestinationGuard guard, MitmContexts mitm,
      UpstreamTls upstreamTls, RequestDecider decider, TraceSink traces, HostGlobs passthrough, ProxyStats stats,
      AgentConnectionLimit connectionLimit, UpstreamPool upstreamPool) {
    this(config, agents, guard, mitm, upstreamTls, decider, traces, passthrough, stats, connectionLimit, upstreamPool,
        new AuthAttempts(traces, agents));
  }

  /** This context with {@code scanner} taking the response bodies relayed to agents. */
  public ProxyContext withResponses(ResponseScanner scanner) {
    return new ProxyContext(config, agents, guard, mitm, upstreamTls, decider, traces, passthrough, stats,
        connectionLimit, upstreamPool, authAttempts, approvals, scanner);
  }
}
