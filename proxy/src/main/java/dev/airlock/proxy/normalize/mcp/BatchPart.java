package dev.airlock.proxy.normalize.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of a JSON-RPC batch as bytes of the body: {@code [start, end)}. Kept as a range so a
 * message that is redacted can be put back in its place with the rest of the body unchanged.
 */
public record BatchPart(int start, int end) {
  private static final JsonFactory JSON = new JsonFactory();

  public BatchPart {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("range: [" + start + ", " + end + ") (expected: 0 <= start <= end)");
    }
  }

  /** The top-level elements of a JSON array body, or an empty list when the body is not an array. */
  static List<BatchPart> split(byte[] body) {
    List<BatchPart> parts = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return List.of();
      }
      JsonToken t;
      while ((t = p.nextToken()) != null && t != JsonToken.END_ARRAY) {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        parts.add(new BatchPart(start, end));
      }
      return t == JsonToken.END_ARRAY ? parts : List.of();
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }

  public byte[] bytesOf(byte[] body) {
    return java.util.Arrays.copyOfRange(body, start, end);
  }
}
