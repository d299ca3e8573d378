package dev.airlock.admin.alerts;

/**
 * A channel definition that cannot be accepted (bad shape, unknown field, missing secret). The
 * message names the field and what was expected; it never repeats a secret's value.
 */
public final class ChannelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String field;

  public ChannelException(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  static ChannelException invalid(String field, String message) {
    return new ChannelException("invalid_field", field, field + ": " + message);
  }

  static ChannelException missing(String field) {
    return new ChannelException("missing_field", field, field + ": required");
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
