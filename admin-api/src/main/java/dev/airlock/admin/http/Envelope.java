package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the success and error envelopes of the REST contract. */
final class Envelope {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Clock clock;

  Envelope(Clock clock) {
    this.clock = clock;
  }

  ApiResponse data(ApiRequest req, HttpResponseStatus status, JsonNode data) {
    ObjectNode body = NODES.objectNode();
    body.set("data", data);
    body.set("meta", meta(req.requestId()));
    return new ApiResponse(status, body);
  }

  ApiResponse ok(ApiRequest req, JsonNode data) {
    return data(req, HttpResponseStatus.OK, data);
  }

  ApiResponse list(ApiRequest req, ArrayNode items, String nextCursor) {
    return list(req, items, nextCursor, items.size());
  }

  /** A page of a list: {@code total} counts every match of the query, not only this page. */
  ApiResponse list(ApiRequest req, ArrayNode items, String nextCursor, long total) {
    ApiResponse response = ok(req, items);
    ObjectNode meta = (ObjectNode) response.body().get("meta");
    meta.put("total", total);
    if (nextCursor != null) {
      meta.put("next_cursor", nextCursor);
    }
    return response;
  }

  ApiResponse error(String requestId, HttpResponseStatus status, String code, String message, String field) {
    ObjectNode error = NODES.objectNode();
    error.put("code", code);
    error.put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    ObjectNode body = NODES.objectNode();
    body.set("error", error);
    body.set("meta", meta(requestId));
    return new ApiResponse(status, body);
  }

  private ObjectNode meta(String requestId) {
    ObjectNode meta = NODES.objectNode();
    meta.put("request_id", requestId);
    meta.put("timestamp", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
    return meta;
  }
}
