package dev.airlock.proxy.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.normalize.grpc.GrpcFrames;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.server.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * gRPC calls decided as the proxy decides them: detectors over the strings of protobuf messages
 * (compressed ones too, once decoded as the proxy decodes them), user rules on
 * {@code package.Service/Method}, and SANITIZE refused.
 */
class GrpcInspectionTest {
  private static final String RULES = """
      {"name": "notes", "rules": [
        {"id": "no-delete", "match": {"tool_name": "example-grpc.com", "operation": "notes.v1.Notes/Delete*"},
         "action": "DENY", "severity": "HIGH", "priority": 1, "reason": "GRPC_DELETE_BLOCKED"},
        {"id": "pii", "match": {"tool_name": "example-grpc.com"}, "condition": {"data_class_any": ["PII"]},
         "action": "SANITIZE", "redact": ["PII"], "severity": "LOW", "priority": 2, "reason": "PII_REDACTED"}
      ]}
      """;
  private static final AgentContext AGENT = new AgentContext("a", "default", null);
  private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";

  private final InspectingDecider decider;

  GrpcInspectionTest() {
    List<PolicyDocument> docs = new ArrayList<>(StarterPolicies.documents());
    docs.add(PolicyParser.parse(RULES));
    PolicyEngine engine = StarterPolicies.engine(docs, EnvironmentSettings.defaults("default"));
    decider = new InspectingDecider(new RequestInspector(ToolCatalog.load(null),
        new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of("acme.com"), Set.of("acme"))),
        engine, new Redactor());
  }

  /** A request as the proxy inspects it: the body's gRPC messages decoded first. */
  private static InspectedRequest call(String method, String contentType, String grpcEncoding, byte[] body) {
    Map<String, List<String>> headers = grpcEncoding == null ? Map.of("content-type", List.of(contentType))
        : Map.of("content-type", List.of(contentType), "grpc-encoding", List.of(grpcEncoding));
    byte[] decoded = GrpcFrames.decode(body, grpcEncoding, 1 << 20).body();
    return new InspectedRequest("https", "notes.example-grpc.com", 443, "POST", "/notes.v1.Notes/" + method, null,
        headers, decoded, true);
  }

  // --- protobuf by hand: field 1 title, field 2 body, field 3 an Author message (field 1 email) ---

  private static byte[] field(int number, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(number << 3 | 2);
    int len = value.length;
    while (len >= 0x80) {
      out.write(len & 0x7f | 0x80);
      len >>>= 7;
    }
    out.write(len);
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] note(String title, String body, String authorEmail) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(field(1, title.getBytes(StandardCharsets.UTF_8)));
    m.writeBytes(field(2, body.getBytes(StandardCharsets.UTF_8)));
    if (authorEmail != null) {
      ByteArrayOutputStream author = new ByteArrayOutputStream();
      author.writeBytes(field(1, authorEmail.getBytes(StandardCharsets.UTF_8)));
      author.write(2 << 3); // field 2, varint: an id
      author.write(42);
      m.writeBytes(field(3, author.toByteArray()));
    }
    return m.toByteArray();
  }

  private static byte[] gzipFrame(byte[] message) throws IOException {
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(z)) {
      g.write(message);
    }
    byte[] c = z.toByteArray();
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(1);
    f.write(c.length >>> 24);
    f.write(c.length >>> 16);
    f.write(c.length >>> 8);
    f.write(c.length);
    f.writeBytes(c);
    return f.toByteArray();
  }

  @Test
  void aSecretInsideAProtobufStringIsFoundAndDenied() {
    Verdict v = decider.decide(call("CreateNote", "application/grpc", null,
        GrpcFrames.frame(note("creds", "backup key " + AWS_KEY + " for tonight", null))), AGENT);

    assertThat(v.call().tool()).isEqualTo("example-grpc.com");
    assertThat(v.call().operation()).isEqualTo("notes.v1.Notes/CreateNote");
    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("SECRET_DETECTED");
    assertThat(v.egressPlaces()).contains("SECRETS.aws_access_key in a gRPC message");
  }

  @Test
  void aSecretInAGzipCompressedMessageIsFoundOnceDecoded() throws IOException {
    byte[] body = gzipFrame(note("creds", AWS_KEY, null));
    // What the agent sends hides the key: only decoding the message shows it.
    assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain(AWS_KEY);

    Verdict v = decider.decide(call("CreateNote", "application/grpc", "gzip", body), AGENT);

    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.dataClasses()).contains("SECRETS.aws_access_key");
  }

  @Test
  void aStringGluedToItsLengthByteIsFoundOnlyAsAProtobufString() {
    // An 80-byte string: in the raw bytes its length byte 'P' stands right before the key, so the
    // key does not start at a word boundary there.
    String tail = " is the nightly backup key; rotate it before Friday";
    String value = AWS_KEY + tail + ".".repeat('P' - AWS_KEY.length() - tail.length());
    assertThat(value.length()).isEqualTo('P');
    byte[] body = GrpcFrames.frame(field(1, value.getBytes(StandardCharsets.UTF_8)));
    InspectedRequest asBytes = new InspectedRequest("https", "notes.example-grpc.com", 443, "POST",
        "/notes.v1.Notes/CreateNote", null, Map.of("content-type", List.of("application/octet-stream")), body, true);

    Verdict asGrpc = decider.decide(call("CreateNote", "application/grpc", null, body), AGENT);
    Verdict raw = decider.decide(asBytes, AGENT);

    assertThat(asGrpc.egressPlaces()).contains("SECRETS.aws_access_key in a gRPC message");
    assertThat(asGrpc.enforced()).isEqualTo(Action.DENY);
    assertThat(raw.dataClasses()).doesNotContain("SECRETS.aws_access_key");
  }

  @Test
  void anEmailInANestedMessageIsPii() {
    Verdict v = decider.decide(call("GetNote", "application/grpc+proto", null,
        GrpcFrames.frame(note("t", "b", "carol@outside.org"))), AGENT);

    assertThat(v.dataClasses()).contains("PII.email");
    assertThat(v.egressPlaces()).contains("PII.email in a gRPC message");
  }

  @Test
  void aRuleOnPackageServiceMethodMatchesThatMethodOnly() {
    Verdict denied = decider.decide(call("DeleteNote", "application/grpc", null,
        GrpcFrames.frame(note("t", "b", null))), AGENT);
    Verdict allowed = decider.decide(call("CreateNote", "application/grpc", null,
        GrpcFrames.frame(note("t", "b", null))), AGENT);

    assertThat(denied.enforced()).isEqualTo(Action.DENY);
    assertThat(denied.decision().reasons()).containsExactly("GRPC_DELETE_BLOCKED");
    assertThat(allowed.enforced()).isEqualTo(Action.ALLOW);
  }

  @Test
  void sanitizeOnGrpcIsRefusedRatherThanForwardedWithBrokenFraming() {
    Verdict v = decider.decide(call("CreateNote", "application/grpc", null,
        GrpcFrames.frame(note("hello", "write to dave@outside.org", null))), AGENT);

    assertThat(v.enforced()).isEqualTo(Action.DENY);
    assertThat(v.decision().reasons()).containsExactly("PII_REDACTED", InspectingDecider.CANNOT_SANITIZE_GRPC);
    assertThat(v.redactedBody()).isNull();
  }
}
