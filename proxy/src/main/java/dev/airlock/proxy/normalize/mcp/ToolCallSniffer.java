package dev.airlock.proxy.normalize.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Whether a body is a JSON-RPC 2.0 {@code tools/call} (or a batch holding one), read with a
 * streaming parser that skips nested values: cheap enough to ask of every JSON POST. A tool call
 * is MCP whatever headers come with it, so a client cannot escape rules on MCP tools by leaving
 * its MCP headers out for a server that does not insist on them. JSON escapes are decoded, so
 * {@code "tools\/call"} is a tool call too.
 */
final class ToolCallSniffer {
  private static final JsonFactory JSON = new JsonFactory();

  private ToolCallSniffer() {}

  static boolean isToolCall(byte[] body) {
    int i = 0;
    while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
      i++;
    }
    if (i == body.length || (body[i] != '{' && body[i] != '[') || !mayHoldJsonRpcKey(body, i)) {
      return false;
    }
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        return objectIsToolCall(p);
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        if (objectIsToolCall(p)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A byte scan before any parsing: the key "jsonrpc" appears as such, or spelled with a
   * {@code \\u} escape. Most JSON bodies (LLM prompts, API payloads) stop here.
   */
  private static boolean mayHoldJsonRpcKey(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      byte b = body[i];
      if (b == '\\' && body[i + 1] == 'u') {
        return true;
      }
      if (b == 'j' && i + 7 <= body.length && body[i + 1] == 's' && body[i + 2] == 'o' && body[i + 3] == 'n'
          && body[i + 4] == 'r' && body[i + 5] == 'p' && body[i + 6] == 'c') {
        return true;
      }
    }
    return false;
  }

  /** Reads one object whose start was consumed, up to and including its end. */
  private static boolean objectIsToolCall(JsonParser p) throws IOException {
    boolean v2 = false;
    boolean toolCall = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_STRING && name.equals("jsonrpc")) {
        v2 = "2.0".equals(p.getText());
      } else if (value == JsonToken.VALUE_STRING && name.equals("method")) {
        toolCall = "tools/call".equals(p.getText());
      } else {
        p.skipChildren();
      }
    }
    return v2 && toolCall;
  }
}
