package dev.airlock.admin.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Admin API tokens, stored as SHA-256 hashes. Blocking JDBC: use a store executor. */
public final class AdminTokenRepository {
  /** Admin tokens: {@code alt_} + 43 base64url characters (256 random bits). */
  public static final String TOKEN_PREFIX = "alt_";

  private static final Set<String> ROLES = Set.of("owner", "admin", "auditor");

  private final Jdbc jdbc;

  public AdminTokenRepository(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Creates a tenant-wide token with {@code role}; the secret is in the result only. */
  public IssuedKey create(String role, String name) {
    IssuedKey token = new IssuedKey(Ids.newId("tok"), Secrets.newSecret(TOKEN_PREFIX));
    register(token, role, name);
    return token;
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
}
