package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;

/**
 * The one unchecked exception of the store. {@link #kind()} lets a boundary (HTTP, CLI) choose a
 * status without parsing messages; {@link #code()} and {@link #field()} go into error bodies as is.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarse enough to map to a status code. */
  public enum Kind {
    INVALID,
    NOT_FOUND,
    CONFLICT,
    UNAVAILABLE,
    INTERNAL
  }

  private final Kind kind;
  private final String code;
  private final String field;

  public StoreException(Kind kind, String code, String message, String field) {
    super(message);
    this.kind = requireNonNull(kind, "kind");
    this.code = requireNonNull(code, "code");
    this.field = field;
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
    this.kind = isConnectionProblem(cause) ? Kind.UNAVAILABLE : Kind.INTERNAL;
    this.code = kind == Kind.UNAVAILABLE ? "unavailable" : "internal";
    this.field = null;
  }

  public static StoreException invalid(String code, String field, String message) {
    return new StoreException(Kind.INVALID, code, message, field);
  }

  public static StoreException notFound(String message) {
    return new StoreException(Kind.NOT_FOUND, "not_found", message, null);
  }

  public static StoreException conflict(String message) {
    return new StoreException(Kind.CONFLICT, "conflict", message, null);
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }

  /** The input field at fault, or null. */
  public String field() {
    return field;
  }

  // SQLState class 08 is "connection exception"; Hikari reports a pool timeout with no state.
  private static boolean isConnectionProblem(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        String state = sql.getSQLState();
        if (state == null || state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }
}
