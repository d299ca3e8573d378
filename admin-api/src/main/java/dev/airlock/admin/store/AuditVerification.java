package dev.airlock.admin.store;

/**
 * The result of checking the audit chain.
 *
 * @param ok true when every row chains to the one before and the newest is the recorded head
 * @param rows rows checked
 * @param problem null when ok; else {@code edited}, {@code inserted} or {@code deleted}
 * @param seq the first row where the chain breaks (for {@code deleted}: the row after the gap, or
 *     the recorded head's seq when the newest rows are gone), null when ok
 * @param message one line for people
 * @param headHash hex hash of the newest row (keep it elsewhere to detect a rewritten chain)
 */
public record AuditVerification(boolean ok, long rows, String problem, Long seq, String message, String headHash) {}
