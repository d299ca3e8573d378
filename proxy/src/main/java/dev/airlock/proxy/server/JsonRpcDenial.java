package dev.airlock.proxy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.airlock.proxy.policy.Decision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A refusal of a JSON-RPC 2.0 request (MCP tool calls) as a JSON-RPC error response, so that the
 * client fails only that call with a readable message and its session carries on.
 */
final class JsonRpcDenial {
  /** Implementation-defined server error range of JSON-RPC 2.0. */
  static final int CODE = -32001;
  private static final JsonFactory JSON = new JsonFactory();

  /** The request id: an integer's digits or a string's value. */
  record Id(String text, boolean numeric) {}

  private JsonRpcDenial() {}

  /** The id of a single JSON-RPC 2.0 request, or null for anything else (notifications, batches, other JSON). */
  static Id idOf(byte[] body) {
    if (body.length == 0 || body.length > 1 << 20) {
      return null;
    }
    try (JsonParser p = JSON.createParser(body)) {
      return p.nextToken() == JsonToken.START_OBJECT ? requestId(p) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The ids of the requests in a JSON-RPC 2.0 batch (notifications and responses have none to
   * answer), or null when the body is not a batch of JSON-RPC 2.0 messages or holds no request.
   */
  static List<Id> batchIdsOf(byte[] body) {
    if (body.length == 0 || body.length > 1 << 20) {
      return null;
    }
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<Id> ids = new ArrayList<>();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        Id id = requestId(p);
        if (id != null) {
          ids.add(id);
        }
      }
      return t == JsonToken.END_ARRAY && !ids.isEmpty() ? ids : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads one object (its start token consumed) and returns its id when it is a JSON-RPC 2.0 request. */
  private static Id requestId(JsonParser p) throws IOException {
    boolean v2 = false;
    boolean method = false;
    Id id = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "jsonrpc" -> v2 = value == JsonToken.VALUE_STRING && "2.0".equals(p.getText());
        case "method" -> method = value == JsonToken.VALUE_STRING;
        case "id" -> id = idValue(p, value);
        default -> p.skipChildren();
      }
    }
    return v2 && method ? id : null;
  }

  private static Id idValue(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_STRING) {
      return new Id(p.getText(), value == JsonToken.VALUE_NUMBER_INT);
    }
    p.skipChildren();
    return null;
  }

  static void write(JsonGenerator g, Id id, Decision d, String tool, String operation, String traceId,
      String detail) throws IOException {
    g.writeStringField("jsonrpc", "2.0");
    g.writeFieldName("id");
    if (id.numeric()) {
      g.writeNumber(id.text());
    } else {
      g.writeString(id.text());
    }
    g.writeObjectFieldStart("error");
    g.writeNumberField("code", CODE);
    g.writeStringField("message", DenialBody.agentMessage(d, detail, traceId));
    g.writeObjectFieldStart("data");
    g.writeStringField("type", DenialBody.ERROR_TYPE);
    g.writeStringField("decision", d.action().name());
    g.writeArrayFieldStart("reasons");
    for (String r : d.reasons()) {
      g.writeString(r);
    }
    g.writeEndArray();
    g.writeStringField("rule", d.ruleRef());
    g.writeStringField("tool", tool);
    g.writeStringField("operation", operation);
    g.writeStringField("trace_id", traceId);
    g.writeEndObject();
    g.writeEndObject();
  }
}
