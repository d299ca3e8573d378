package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AdminKey;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.StoredPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** JSON shapes of stored entities, as the REST contract spells them. */
final class Views {
  private final ObjectMapper json;

  Views(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode environment(Environment e) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("slug", e.slug());
    n.put("name", e.name());
    n.put("description", e.description());
    n.put("is_production", e.production());
    n.put("enforcement_mode", e.enforcementMode().wireName());
    n.put("default_action", e.defaultAction().name());
    n.put("approval_hold_seconds", e.approvalHoldSeconds());
    n.put("scrutiny_multiplier", e.scrutinyMultiplier());
    n.put("created_at", time(e.createdAt()));
    n.put("updated_at", time(e.updatedAt()));
    return n;
  }

  /** An admin key as listed and audited: never its secret or hash. */
  ObjectNode adminKey(AdminKey k) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", k.id());
    n.put("name", k.name());
    n.put("role", k.role().slug());
    n.put("env", k.env());
    n.put("created_at", time(k.createdAt()));
    n.put("last_used_at", time(k.lastUsedAt()));
    n.put("revoked_at", time(k.revokedAt()));
    return n;
  }

  ObjectNode agent(Agent a) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", a.id());
    n.put("name", a.name());
    n.put("env", a.env());
    n.put("runtime_type", a.runtimeType());
    n.put("status", a.status());
    n.put("trust_score", a.trustScore());
    n.put("created_at", time(a.createdAt()));
    n.put("updated_at", time(a.updatedAt()));
    return n;
  }

  ObjectNode policy(StoredPolicy p) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", p.id());
    n.put("name", p.name());
    n.put("description", p.description());
    p.envNames().forEach(n.putArray("env_names")::add);
    n.put("version", p.version());
    n.put("current", p.current());
    n.put("rules", p.ruleCount());
    n.put("created_at", time(p.createdAt()));
    n.set("document", document(p.documentJson()));
    return n;
  }

  private JsonNode document(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("stored policy document is not JSON", e);
    }
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
