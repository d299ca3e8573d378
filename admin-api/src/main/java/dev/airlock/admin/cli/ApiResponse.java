package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The success envelope of an admin API response.
 *
 * @param data the {@code data} member (object or array)
 * @param meta the {@code meta} member; a missing node when the server sent none
 */
record ApiResponse(JsonNode data, JsonNode meta) {
  ApiResponse {
    requireNonNull(data, "data");
    requireNonNull(meta, "meta");
  }

  /** The cursor for the next page of a list, when there are more rows. */
  Optional<String> nextCursor() {
    JsonNode cursor = meta.path("next_cursor");
    return cursor.isTextual() && !cursor.asText().isEmpty()
        ? Optional.of(cursor.asText())
        : Optional.empty();
  }
}
