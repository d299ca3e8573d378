package dev.airlock.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One stored audit row. Hashes are hex. */
public record AuditEvent(long seq, Instant time, String actorKeyId, String actorRole, String action,
    String targetType, String targetId, String env, JsonNode before, JsonNode after, String requestId,
    String prevHash, String hash) {}
