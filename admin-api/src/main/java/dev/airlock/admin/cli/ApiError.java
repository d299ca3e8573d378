package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

/**
 * The {@code error} object of an admin API error envelope.
 *
 * @param status HTTP status of the response
 * @param code snake_case error code, e.g. {@code invalid_policy}
 * @param message one-line message from the server
 * @param field JSON path or parameter the error refers to, or {@code null}
 */
record ApiError(int status, String code, String message, String field) {
  ApiError {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
  }

  /** {@code <code>: <message>}, plus {@code (field: <field>)} when the server named one. */
  String describe() {
    return code + ": " + message + (field == null ? "" : " (field: " + field + ")");
  }

  /** The message led by the field's path, unless the message already starts with it. */
  String pathMessage() {
    if (field == null || message.startsWith(field)) {
      return message;
    }
    return field + ": " + message;
  }
}
