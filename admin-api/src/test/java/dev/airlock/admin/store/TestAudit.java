package dev.airlock.admin.store;

/** An actor and audit records for repository changes made by tests. */
public final class TestAudit {
  public static final AuditActor ACTOR = new AuditActor("tok_test", "owner", "req_test");

  private TestAudit() {}

  /** Records {@code action} on a test target, without before or after. */
  public static <T> Audit<T> change(String action) {
    return (before, after) -> new AuditChange(action, "test", "test", null, null, null);
  }
}
