package dev.airlock.admin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Admin API keys (tokens), stored as SHA-256 hashes: the secret exists only in the answer that
 * creates it. Blocking JDBC: use a store executor.
 */
public final class AdminTokenRepository {
  /** Admin tokens: {@code alt_} + 43 base64url characters (256 random bits). */
  public static final String TOKEN_PREFIX = "alt_";

  private static final Set<String> ROLES = Set.of("owner", "admin", "auditor");
  private static final String COLUMNS = "id, name, role, env, created_at, last_used_at, revoked_at";

  private final Jdbc jdbc;
  private final AuditLog audit;

  public AdminTokenRepository(DataSource dataSource, AuditLog audit) {
    this.jdbc = new Jdbc(dataSource);
    this.audit = audit;
  }

  /** Creates a tenant-wide token with {@code role}, unaudited (first start); the secret is in the result only. */
  public IssuedKey create(String role, String name) {
    IssuedKey token = new IssuedKey(Ids.newId("tok"), Secrets.newSecret(TOKEN_PREFIX));
    register(token, role, name);
    return token;
  }

  /**
   * Creates a key and records it in the audit log, in one transaction; the secret is in the result
   * only.
   *
   * @param env the environment the key is limited to, or null for a tenant-wide key
   * @throws StoreException INVALID ({@code unknown_environment}) when {@code env} does not exist
   */
  public CreatedAdminKey create(String name, Principal.Role role, String env, AuditActor actor,
      Audit<AdminKey> change) {
    String secret = Secrets.newSecret(TOKEN_PREFIX);
    AdminKey key = jdbc.transaction(
        "create admin key",
        c -> {
          if (env != null && !lockEnvironment(c, env)) {
            throw StoreException.invalid("unknown_environment", "env", "env: \"" + env + "\" (no such environment)");
          }
          AdminKey created;
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO admin_tokens (id, token_hash, role, env, name) VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
            ps.setString(1, Ids.newId("tok"));
            ps.setBytes(2, Secrets.sha256(secret));
            ps.setString(3, role.slug());
            ps.setString(4, env);
            ps.setString(5, name);
            created = Jdbc.list(ps, AdminTokenRepository::map).get(0);
          }
          audit.append(c, actor, change.change(null, created));
          return created;
        });
    return new CreatedAdminKey(key, secret);
  }

  /**
   * Stores the hash of an existing secret (e.g. one kept in {@code DATA/admin-token} when the
   * database was replaced); does nothing when that hash is already known.
   */
  public void register(IssuedKey token, String role, String name) {
    if (!ROLES.contains(role)) {
      throw StoreException.invalid("invalid_role", "role", "role: \"" + role + "\" (expected: " + ROLES + ")");
    }
    jdbc.read(
        "store admin token",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO admin_tokens (id, token_hash, role, name) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (token_hash) DO NOTHING")) {
            ps.setString(1, token.id());
            ps.setBytes(2, Secrets.sha256(token.secret()));
            ps.setString(3, role);
            ps.setString(4, name == null ? "" : name);
            return ps.executeUpdate();
          }
        });
  }

  public Optional<AdminKey> find(String id) {
    return jdbc.read(
        "find admin key",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM admin_tokens WHERE id = ?")) {
            ps.setString(1, id);
            return Jdbc.list(ps, AdminTokenRepository::map).stream().findFirst();
          }
        });
  }

  /** Newest first, revoked keys included, one page; the total counts every match. */
  public Page list(AdminKeyQuery q) {
    return jdbc.read(
        "list admin keys",
        c -> {
          SqlFilter where = new SqlFilter()
              .and("env = ?", q.env())
              .between("created_at", q.since(), q.until());
          long total = where.count(c, "admin_tokens", 0);
          if (q.after() != null) {
            where.andAll("(created_at, id) < (?, ?)", Jdbc.timestamp(q.after().time()), q.after().id());
          }
          try (PreparedStatement ps = where.select(c, COLUMNS, "admin_tokens",
              " ORDER BY created_at DESC, id DESC LIMIT ?", q.limit() + 1)) {
            List<AdminKey> items = Jdbc.list(ps, AdminTokenRepository::map);
            KeysetCursor next = null;
            if (items.size() > q.limit()) {
              items = items.subList(0, q.limit());
              AdminKey last = items.get(items.size() - 1);
              next = new KeysetCursor(last.createdAt(), last.id());
            }
            return new Page(List.copyOf(items), total, next);
          }
        });
  }

  /**
   * One page of admin keys.
   *
   * @param next pass as {@link AdminKeyQuery#after()} for the next page; null on the last
   */
  public record Page(List<AdminKey> items, long total, KeysetCursor next) {}

  /**
   * Revokes a key and records it, in one transaction. {@code check} sees the key as stored and may
   * throw to refuse (e.g. a role check). The last valid tenant-wide owner key cannot be revoked:
   * without it nobody could manage owner keys or production environments again.
   *
   * @throws StoreException NOT_FOUND for an unknown id; CONFLICT ({@code already_revoked}, {@code
   *     last_owner_key})
   */
  public AdminKey revoke(String id, Consumer<AdminKey> check, AuditActor actor, Audit<AdminKey> change) {
    return jdbc.transaction(
        "revoke admin key",
        c -> {
          // The valid tenant-wide owner keys are locked first, by every revocation, so that two
          // owners revoking each other's key one after the other cannot both succeed.
          int owners;
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM admin_tokens WHERE role = 'owner'"
              + " AND env IS NULL AND revoked_at IS NULL ORDER BY id FOR UPDATE")) {
            owners = Jdbc.list(ps, rs -> rs.getString(1)).size();
          }
          AdminKey before;
          try (PreparedStatement ps = c.prepareStatement(
              "SELECT " + COLUMNS + " FROM admin_tokens WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            before = Jdbc.list(ps, AdminTokenRepository::map).stream().findFirst()
                .orElseThrow(() -> StoreException.notFound("admin key not found: " + id));
          }
          check.accept(before);
          if (before.isRevoked()) {
            throw new StoreException(StoreException.Kind.CONFLICT, "already_revoked",
                "admin key " + id + " was revoked at " + before.revokedAt(), null);
          }
          if (before.role() == Principal.Role.OWNER && before.isTenantWide() && owners <= 1) {
            throw new StoreException(StoreException.Kind.CONFLICT, "last_owner_key", "admin key " + id
                + " is the last valid tenant-wide owner key; create another owner key before revoking it", null);
          }
          AdminKey after;
          try (PreparedStatement ps = c.prepareStatement(
              "UPDATE admin_tokens SET revoked_at = now() WHERE id = ? RETURNING " + COLUMNS)) {
            ps.setString(1, id);
            after = Jdbc.list(ps, AdminTokenRepository::map).get(0);
          }
          audit.append(c, actor, change.change(before, after));
          return after;
        });
  }

  /** Records that the key authenticated a request just now (bookkeeping: not audited). */
  public void markUsed(String id) {
    jdbc.read(
        "mark admin key used",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("UPDATE admin_tokens SET last_used_at = now() WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate();
          }
        });
  }

  /** The role of a valid (known, not revoked) token, or empty. */
  public Optional<String> roleOf(String secret) {
    return principalOf(secret).map(p -> p.role().slug());
  }

  /** Who a valid (known, not revoked) token is, or empty. */
  public Optional<Principal> principalOf(String secret) {
    byte[] hash = Secrets.sha256(secret);
    return jdbc.read(
        "authenticate admin token",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, token_hash, role, env FROM admin_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next() && Secrets.sameHash(rs.getBytes("token_hash"), hash)) {
                return Optional.of(new Principal(rs.getString("id"), Principal.Role.of(rs.getString("role")),
                    rs.getString("env")));
              }
              return Optional.empty();
            }
          }
        });
  }

  /** Whether the environment exists; if so it is locked against deletion until the transaction ends. */
  private static boolean lockEnvironment(Connection c, String env) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM environments WHERE slug = ? FOR KEY SHARE")) {
      ps.setString(1, env);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static AdminKey map(ResultSet rs) throws SQLException {
    return new AdminKey(rs.getString("id"), rs.getString("name"), Principal.Role.of(rs.getString("role")),
        rs.getString("env"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "last_used_at"),
        Jdbc.instant(rs, "revoked_at"));
  }
}
