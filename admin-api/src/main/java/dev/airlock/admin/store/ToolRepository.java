package dev.airlock.admin.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Tool catalog entries added through the admin API, validated by the caller. Every change is
 * recorded in the audit log in its own transaction. Blocking JDBC: use a store executor.
 */
public final class ToolRepository {
  private static final String COLUMNS = "name, description, document::text AS document, created_at";

  private final Jdbc jdbc;
  private final AuditLog audit;

  public ToolRepository(DataSource dataSource, AuditLog audit) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = audit;
  }

  /** @throws StoreException CONFLICT when a tool of that name was added before */
  public StoredTool create(StoredTool tool, AuditActor actor, Audit<StoredTool> change) {
    return jdbc.transaction("create tool " + tool.name(), c -> {
      StoredTool created;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO tools (name, description, document) VALUES (?, ?, ?::jsonb) RETURNING " + COLUMNS)) {
        ps.setString(1, tool.name());
        ps.setString(2, tool.description());
        ps.setString(3, tool.documentJson());
        created = Jdbc.list(ps, ToolRepository::map).get(0);
      }
      audit.append(c, actor, change.change(null, created));
      return created;
    });
  }

  /** Removes the tool and records it; false when there is no tool of that name. */
  public boolean delete(String name, AuditActor actor, Audit<StoredTool> change) {
    return jdbc.transaction("delete tool " + name, c -> {
      List<StoredTool> deleted;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM tools WHERE name = ? RETURNING " + COLUMNS)) {
        ps.setString(1, name);
        deleted = Jdbc.list(ps, ToolRepository::map);
      }
      if (deleted.isEmpty()) {
        return false;
      }
      audit.append(c, actor, change.change(deleted.get(0), null));
      return true;
    });
  }

  public Optional<StoredTool> find(String name) {
    return jdbc.read("find tool", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tools WHERE name = ?")) {
        ps.setString(1, name);
        return Jdbc.list(ps, ToolRepository::map).stream().findFirst();
      }
    });
  }

  /** A page of tools by name, continuing after {@code afterName} when given. */
  public ListPage<StoredTool> list(int limit, String afterName) {
    return jdbc.read("list tools", c -> {
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM tools");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tools"
          + (afterName == null ? "" : " WHERE name > ?") + " ORDER BY name LIMIT ?")) {
        int i = 0;
        if (afterName != null) {
          ps.setString(++i, afterName);
        }
        ps.setInt(++i, limit + 1);
        List<StoredTool> rows = Jdbc.list(ps, ToolRepository::map);
        boolean more = rows.size() > limit;
        return new ListPage<>(more ? new ArrayList<>(rows.subList(0, limit)) : rows, total, more);
      }
    });
  }

  /** Every tool, oldest first: the order the catalog tries them in. */
  public List<StoredTool> loadAll() {
    return jdbc.read("load tools", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tools ORDER BY created_at, name")) {
        return Jdbc.list(ps, ToolRepository::map);
      }
    });
  }

  private static StoredTool map(ResultSet rs) throws SQLException {
    return new StoredTool(rs.getString("name"), rs.getString("description"), rs.getString("document"),
        Jdbc.instant(rs, "created_at"));
  }
}
