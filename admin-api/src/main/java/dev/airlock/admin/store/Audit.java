package dev.airlock.admin.store;

/**
 * What the audit log records for a change, given the resource before and after it (null before a
 * creation, null after a deletion). Supplied by the caller, which owns the resource's public view;
 * the repository calls it inside the change's transaction.
 */
@FunctionalInterface
public interface Audit<T> {
  AuditChange change(T before, T after);
}
