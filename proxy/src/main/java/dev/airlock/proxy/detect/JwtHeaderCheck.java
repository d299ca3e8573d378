package dev.airlock.proxy.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Accepts a JWT candidate only when its first segment decodes to a JSON object with an "alg"
 * member: three dot-separated base64url runs starting with "eyJ" also occur in innocent data.
 */
final class JwtHeaderCheck implements Predicate<String> {
  private static final int MAX_HEADER_CHARS = 4096;

  private final ObjectMapper mapper = JsonMapper.builder().build();

  @Override
  public boolean test(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot > MAX_HEADER_CHARS) {
      return false;
    }
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
      JsonNode node = mapper.readTree(header);
      return node != null && node.isObject() && node.path("alg").isTextual();
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }
}
