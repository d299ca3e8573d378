package dev.airlock.admin.http;

import dev.airlock.admin.store.KeysetCursor;

/**
 * The query parameters every list takes, parsed once: {@code limit} (1..1000, default 50) and a
 * keyset {@code cursor} from a previous page.
 */
final class ListParams {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  private ListParams() {}

  static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_parameter", "limit",
        "limit: \"" + value + "\" (expected: 1.." + MAX_LIMIT + ")");
  }

  /** The cursor of a previous page, or null for the first page. */
  static KeysetCursor cursor(String value) {
    if (value == null) {
      return null;
    }
    try {
      return KeysetCursor.decode(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_parameter", "cursor", "cursor: not a cursor from a previous page");
    }
  }
}
