package dev.airlock.admin.store;

/**
 * What storing a policy version did.
 *
 * @param before the version current before, or null when there was none
 * @param after the version current now (the new one, or {@code before} when nothing was stored)
 * @param stored false when the document equalled the current one and the caller asked to keep it
 */
public record PolicyChange(StoredPolicy before, StoredPolicy after, boolean stored) {}
