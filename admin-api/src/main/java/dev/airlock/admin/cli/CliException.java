package dev.airlock.admin.cli;

import java.util.Optional;

/**
 * A CLI failure whose message is fit to show the user as-is, on one line. Carries the admin API's
 * error when there was one, so commands can reword specific cases (e.g. a 422 on a policy file).
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ApiError apiError;

  public CliException(String message) {
    this(message, null);
  }

  CliException(ApiError apiError) {
    this(apiError.describe(), apiError);
  }

  private CliException(String message, ApiError apiError) {
    // No stack trace: these are expected outcomes reported in one line, never logged as bugs.
    super(message, null, false, false);
    this.apiError = apiError;
  }

  /** The admin API's error envelope, when the failure came from one. */
  Optional<ApiError> apiError() {
    return Optional.ofNullable(apiError);
  }
}
