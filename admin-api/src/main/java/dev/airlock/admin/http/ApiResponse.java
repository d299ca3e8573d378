package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A status and a complete body: JSON for the API, or ready-made bytes of another content type
 * ({@code /metrics}), in which case {@code body} is null.
 */
record ApiResponse(HttpResponseStatus status, JsonNode body, String contentType, byte[] bytes) {
  ApiResponse(HttpResponseStatus status, JsonNode body) {
    this(status, body, null, null);
  }

  static ApiResponse bytes(HttpResponseStatus status, String contentType, byte[] bytes) {
    return new ApiResponse(status, null, contentType, bytes);
  }
}
