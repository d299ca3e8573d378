package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import javax.sql.DataSource;

/** The repositories over one database, grouped so wiring code passes one value. */
public record StoreRepositories(
    EnvironmentRepository environments,
    AgentRepository agents,
    PolicyRepository policies,
    TraceRepository traces,
    AdminTokenRepository adminTokens,
    AuditLog audit,
    ToolRepository tools,
    ApprovalRepository approvals,
    ThreatFeedRepository threatFeeds) {
  public StoreRepositories {
    requireNonNull(environments, "environments");
    requireNonNull(agents, "agents");
    requireNonNull(policies, "policies");
    requireNonNull(traces, "traces");
    requireNonNull(adminTokens, "adminTokens");
    requireNonNull(audit, "audit");
    requireNonNull(tools, "tools");
    requireNonNull(approvals, "approvals");
    requireNonNull(threatFeeds, "threatFeeds");
  }

  public static StoreRepositories on(DataSource dataSource) {
    return on(dataSource, ApprovalRepository.DEFAULT_EXPIRE_AFTER);
  }

  /** With approvals expiring {@code approvalsExpireAfter} after they were asked for. */
  public static StoreRepositories on(DataSource dataSource, java.time.Duration approvalsExpireAfter) {
    AuditLog audit = new AuditLog(dataSource, java.time.Clock.systemUTC());
    return new StoreRepositories(
        new EnvironmentRepository(dataSource, audit),
        new AgentRepository(dataSource, audit),
        new PolicyRepository(dataSource, audit),
        new TraceRepository(dataSource),
        new AdminTokenRepository(dataSource, audit),
        audit,
        new ToolRepository(dataSource, audit),
        new ApprovalRepository(dataSource, audit, approvalsExpireAfter),
        new ThreatFeedRepository(dataSource, audit));
  }
}
