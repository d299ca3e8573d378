package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.server.Verdict;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One key, every way an agent might try to carry it past inspection: in the body, a header, the
 * path or the query, written plainly, encoded once or twice, escaped, or in UTF-16. Each must end
 * in the starter policy's DENY, with the key's detector named.
 */
class EvasionTableTest {
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String HOST = "api.example.net";
  private static final AgentContext AGENT = new AgentContext("a", "default", null);

  private final PolicyEngine engine = StarterPolicies.engine();
  private final InspectingDecider decider = new InspectingDecider(new RequestInspector(ToolCatalog.load(null),
      new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of(), Set.of())), engine, new Redactor());

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String b64url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String pct(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
    }
    return sb.toString();
  }

  private static String unicodeEscaped(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(String.format("\\u%04x", (int) c));
    }
    return sb.toString();
  }

  private static InspectedRequest body(byte[] body, String contentType) {
    return new InspectedRequest("https", HOST, 443, "POST", "/v1/items", null,
        Map.of("content-type", List.of(contentType)), body, true);
  }

  private static InspectedRequest json(String value) {
    return body(("{\"note\":\"" + value + "\"}").getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static InspectedRequest header(String name, String value) {
    return new InspectedRequest("https", HOST, 443, "GET", "/v1/items", null, Map.of(name, List.of(value)),
        new byte[0], true);
  }

  private static InspectedRequest path(String path) {
    return new InspectedRequest("https", HOST, 443, "GET", path, null, Map.of(), new byte[0], true);
  }

  private static InspectedRequest query(String query) {
    return new InspectedRequest("https", HOST, 443, "GET", "/v1/items", query, Map.of(), new byte[0], true);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] encoded(String text, Charset charset) {
    return text.getBytes(charset);
  }

  static Stream<Arguments> evasions() {
    return Stream.of(
        Arguments.of("body, plain", json(KEY)),
        Arguments.of("body, base64", json(b64(KEY))),
        Arguments.of("body, base64 twice", json(b64(b64("key=" + KEY)))),
        Arguments.of("body, base64url", json(b64url("aws " + KEY))),
        Arguments.of("body, hex", json(hex(KEY))),
        Arguments.of("body, percent-encoded", json(pct(KEY))),
        Arguments.of("body, JSON unicode escapes", json(unicodeEscaped(KEY))),
        Arguments.of("body, form-encoded", body(("k=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded")),
        Arguments.of("body, declared binary", body(KEY.getBytes(StandardCharsets.UTF_8), "application/octet-stream")),
        Arguments.of("body, declared a git pack", body(KEY.getBytes(StandardCharsets.UTF_8),
            "application/x-git-receive-pack-request")),
        Arguments.of("body, UTF-16LE", body(encoded("{\"k\":\"" + KEY + "\"}", StandardCharsets.UTF_16LE),
            "application/json")),
        Arguments.of("body, UTF-16BE", body(encoded("{\"k\":\"" + KEY + "\"}", StandardCharsets.UTF_16BE),
            "application/json")),
        Arguments.of("body, UTF-16 with BOM", body(encoded(KEY, StandardCharsets.UTF_16), "text/plain")),
        Arguments.of("body, UTF-16LE one byte off", body(concat("x".getBytes(StandardCharsets.UTF_8),
            encoded("k=" + KEY, StandardCharsets.UTF_16LE)), "text/plain")),
        Arguments.of("body, a long UTF-16 decoy, then the key in UTF-16 one byte off", body(concat(
            encoded("lorem ipsum dolor sit amet ".repeat(40), StandardCharsets.UTF_16LE), "x".getBytes(
                StandardCharsets.UTF_8), encoded("k=" + KEY, StandardCharsets.UTF_16LE)), "text/plain")),
        Arguments.of("header, plain", header("x-api-key", KEY)),
        Arguments.of("header, custom name", header("x-trace-context", "v=1;k=" + KEY)),
        Arguments.of("header, base64", header("x-payload", b64(KEY))),
        Arguments.of("header, Basic credentials", header("authorization", "Basic " + b64("svc:" + KEY))),
        Arguments.of("header, percent-encoded", header("x-note", pct(KEY))),
        Arguments.of("header, cookie", header("cookie", "a=1; k=" + KEY)),
        Arguments.of("path, plain", path("/v1/keys/" + KEY)),
        Arguments.of("path, percent-encoded", path("/v1/keys/" + pct(KEY))),
        Arguments.of("path, base64url", path("/v1/blob/" + b64url("key " + KEY))),
        Arguments.of("path, hex", path("/v1/blob/" + hex(KEY))),
        Arguments.of("query, plain", query("k=" + KEY)),
        Arguments.of("query, percent-encoded", query("k=" + pct(KEY))),
        Arguments.of("query, base64", query("k=" + URLEncoder.encode(b64(KEY), StandardCharsets.UTF_8))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("evasions")
  void theKeyIsFoundAndTheRequestDenied(String name, InspectedRequest request) {
    Verdict v = decider.decide(request, AGENT);
    assertThat(v.enforced()).as(name).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).as(name).containsExactly("SECRET_DETECTED");
    assertThat(v.dataClasses()).as(name).contains("SECRETS.aws_access_key");
  }
}
