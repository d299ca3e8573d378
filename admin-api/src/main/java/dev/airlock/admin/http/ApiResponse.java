package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * A status and a body: JSON for the API, or ready-made bytes of another content type
 * ({@code /metrics}), in which case {@code body} is null, or a body streamed after the headers
 * ({@code stream}, with {@code bytes} and {@code body} null) for answers too large to hold.
 *
 * @param headers extra response headers (e.g. Content-Disposition)
 */
record ApiResponse(HttpResponseStatus status, JsonNode body, String contentType, byte[] bytes,
    Map<String, String> headers, StreamedBody stream) {
  ApiResponse {
    headers = Map.copyOf(headers);
  }

  ApiResponse(HttpResponseStatus status, JsonNode body, String contentType, byte[] bytes) {
    this(status, body, contentType, bytes, Map.of(), null);
  }

  ApiResponse(HttpResponseStatus status, JsonNode body) {
    this(status, body, null, null);
  }

  static ApiResponse bytes(HttpResponseStatus status, String contentType, byte[] bytes) {
    return new ApiResponse(status, null, contentType, bytes);
  }

  /** A 200 whose body {@code stream} writes after the headers are sent, in chunks. */
  static ApiResponse streamed(String contentType, Map<String, String> headers, StreamedBody stream) {
    return new ApiResponse(HttpResponseStatus.OK, null, contentType, null, headers, stream);
  }
}
