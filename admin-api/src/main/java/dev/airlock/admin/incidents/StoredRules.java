package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The trigger settings document changed through the API (one row; its notification makes every
 * node reload it). Blocking JDBC.
 */
public final class StoredRules {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbc db;
  private final AuditLog audit;

  public StoredRules(DataSource dataSource, AuditLog audit) {
    this.db = new Jdbc(dataSource);
    this.audit = audit;
  }

  /** The document stored through the API, if any. */
  public Optional<JsonNode> load() {
    return db.read("read incident settings", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT doc::text FROM incident_settings");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(parse(rs.getString(1))) : Optional.<JsonNode>empty();
      }
    });
  }

  /** Stores the document in place of the previous one, audited. */
  public void store(JsonNode doc, AuditActor actor, AuditChange change) {
    db.transaction("store incident settings", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO incident_settings (id, doc, updated_by)"
          + " VALUES (true, ?::jsonb, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc,"
          + " updated_by = excluded.updated_by, updated_at = now()")) {
        Jdbc.bind(ps, doc.toString(), actor.keyId());
        ps.executeUpdate();
      }
      audit.append(c, actor, change);
      return null;
    });
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
