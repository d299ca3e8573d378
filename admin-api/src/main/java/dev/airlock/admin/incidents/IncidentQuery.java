package dev.airlock.admin.incidents;

import dev.airlock.admin.store.KeysetCursor;
import java.time.Instant;

/**
 * A filtered page of incidents, newest opened first; every filter may be null (not filtered).
 *
 * @param since opened at or after
 * @param until opened before
 * @param after the last incident of the previous page, or null
 */
public record IncidentQuery(String env, String status, String severity, String agent, String trigger, Instant since,
    Instant until, int limit, KeysetCursor after) {}
