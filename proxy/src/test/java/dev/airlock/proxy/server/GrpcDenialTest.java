package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Refusals of gRPC calls: trailers-only answers whose grpc-status and grpc-message a gRPC client reads. */
class GrpcDenialTest {
  private static final ToolCall CALL = new ToolCall("example-grpc.com", "notes.v1.Notes/CreateNote", Verb.WRITE,
      null, List.of(), Map.of());
  private static final Decision DENY = new Decision(Action.DENY, List.of("SECRET_DETECTED"),
      "block-secrets/no-secrets", Severity.HIGH, 0.7, Set.of());

  private static InspectedRequest grpc(String contentType) {
    return new InspectedRequest("https", "notes.example-grpc.com", 443, "POST", "/notes.v1.Notes/CreateNote", null,
        Map.of("content-type", List.of(contentType), "te", List.of("trailers")), new byte[] {0, 0, 0, 0, 0}, true);
  }

  /** The inverse of gRPC's percent-encoding, as a client decodes grpc-message. */
  private static String percentDecode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void assertTrailersOnly(FullHttpResponse r, String contentType) {
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().get("content-type")).isEqualTo(contentType);
    assertThat(r.content().readableBytes()).isZero();
    assertThat(r.headers().getInt("content-length")).isZero();
    assertThat(r.trailingHeaders().isEmpty()).isTrue();
    String message = r.headers().get("grpc-message");
    for (char c : message.toCharArray()) {
      assertThat(c).isBetween(' ', '~');
    }
  }

  @Test
  void aDenyIsPermissionDeniedWithTheDecisionInGrpcMessage() {
    FullHttpResponse r = ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.FORBIDDEN, DENY, CALL,
        grpc("application/grpc"), "trc_42", "request blocked by policy: found SECRETS.aws_access_key in a gRPC message");
    try {
      assertTrailersOnly(r, "application/grpc");
      assertThat(r.headers().get("grpc-status")).isEqualTo("7");
      String message = percentDecode(r.headers().get("grpc-message"));
      assertThat(message).startsWith("Airlock blocked this request: SECRET_DETECTED, rule block-secrets/no-secrets")
          .contains("found SECRETS.aws_access_key in a gRPC message")
          .contains("decision DENY").contains("example-grpc.com.notes.v1.Notes/CreateNote")
          .contains("trace trc_42");
      assertThat(r.headers().get("grpc-message")).contains("notes.v1.Notes/CreateNote");
      assertThat(r.headers().get("X-Airlock-Decision")).isEqualTo("DENY");
      assertThat(r.headers().get("X-Airlock-Reason")).isEqualTo("SECRET_DETECTED");
      assertThat(r.headers().get("X-Airlock-Trace-Id")).isEqualTo("trc_42");
    } finally {
      r.release();
    }
  }

  @Test
  void theContentTypeOfTheCallIsEchoedWithoutParameters() {
    FullHttpResponse r = ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.FORBIDDEN, DENY, CALL,
        grpc("application/grpc+proto; charset=utf-8"), "trc_1", "x");
    try {
      assertTrailersOnly(r, "application/grpc+proto");
    } finally {
      r.release();
    }
  }

  @Test
  void aPendingApprovalIsUnavailableWithARetryHint() {
    Decision approval = new Decision(Action.REQUIRE_APPROVAL, List.of("NEEDS_REVIEW"), "review/r1", Severity.MEDIUM,
        0.4, Set.of());
    FullHttpResponse r = ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.FORBIDDEN, approval,
        CALL, grpc("application/grpc"), "trc_7", "approval apr_9 is pending (retry in 30 s)",
        new DenialBody.ApprovalInfo("apr_9", "pending", 30));
    try {
      assertTrailersOnly(r, "application/grpc");
      assertThat(r.headers().get("grpc-status")).isEqualTo("14");
      assertThat(r.headers().get("grpc-retry-pushback-ms")).isEqualTo("30000");
      assertThat(r.headers().get("X-Airlock-Approval-Id")).isEqualTo("apr_9");
      assertThat(percentDecode(r.headers().get("grpc-message"))).contains("approval apr_9 pending, retry after 30 s")
          .contains("a human must approve it in Airlock").contains("trace trc_7");
    } finally {
      r.release();
    }
  }

  @Test
  void aDeniedApprovalIsPermissionDenied() {
    Decision denied = new Decision(Action.DENY, List.of("APPROVAL_DENIED"), "review/r1", Severity.MEDIUM, 0.4,
        Set.of());
    FullHttpResponse r = ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.FORBIDDEN, denied,
        CALL, grpc("application/grpc"), "trc_8", "a human denied approval apr_9",
        new DenialBody.ApprovalInfo("apr_9", "denied", 0));
    try {
      assertThat(r.headers().get("grpc-status")).isEqualTo("7");
      assertThat(r.headers().contains("grpc-retry-pushback-ms")).isFalse();
    } finally {
      r.release();
    }
  }

  @Test
  void aBodyTooLargeToInspectIsResourceExhausted() {
    Decision tooLarge = Decision.guard(Action.DENY, Forwarder.BODY_TOO_LARGE, Severity.HIGH);
    FullHttpResponse r = ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        tooLarge, CALL, grpc("application/grpc"), "trc_9", "a gRPC message is cut short");
    try {
      assertTrailersOnly(r, "application/grpc");
      assertThat(r.headers().get("grpc-status")).isEqualTo("8");
      assertThat(percentDecode(r.headers().get("grpc-message"))).contains("BODY_TOO_LARGE_TO_INSPECT")
          .contains("send a smaller request body");
    } finally {
      r.release();
    }
  }

  @Test
  void missingCredentialsAreUnauthenticatedForGrpcAnd407Otherwise() {
    FullHttpResponse grpc = ProxyResponses.authRequired(ByteBufAllocator.DEFAULT, "POST", "application/grpc",
        "proxy credentials required");
    FullHttpResponse http = ProxyResponses.authRequired(ByteBufAllocator.DEFAULT, "POST", "application/json",
        "proxy credentials required");
    try {
      assertTrailersOnly(grpc, "application/grpc");
      assertThat(grpc.headers().get("grpc-status")).isEqualTo("16");
      assertThat(percentDecode(grpc.headers().get("grpc-message"))).contains("proxy credentials required");
      assertThat(grpc.headers().get("Proxy-Authenticate")).isEqualTo("Basic realm=\"airlock\"");
      assertThat(http.status().code()).isEqualTo(407);
    } finally {
      grpc.release();
      http.release();
    }
  }

  @Test
  void grpcMessageIsPercentEncodedAsTheGrpcSpecSays() {
    assertThat(GrpcDenial.percentEncode("plain text: ok (100)")).isEqualTo("plain text: ok (100)");
    assertThat(GrpcDenial.percentEncode("50% off")).isEqualTo("50%25 off");
    assertThat(GrpcDenial.percentEncode("line\nbreak\ttab")).isEqualTo("line%0Abreak%09tab");
    assertThat(GrpcDenial.percentEncode("caf\u00e9 \u2192")).isEqualTo("caf%C3%A9 %E2%86%92");
    assertThat(percentDecode(GrpcDenial.percentEncode("caf\u00e9 \u2192 50%"))).isEqualTo("caf\u00e9 \u2192 50%");
  }

  @Test
  void aLongMessageIsCutToStayWithinTheClientsHeaderLimits() {
    FullHttpResponse r = GrpcDenial.trailersOnly("application/grpc", 7, "x".repeat(5000), "trc_1");
    try {
      assertThat(r.headers().get("grpc-message")).hasSize(GrpcDenial.MAX_MESSAGE).endsWith("...");
    } finally {
      r.release();
    }
  }

  @Test
  void aNonGrpcRequestStillGetsTheJsonBody() {
    InspectedRequest json = new InspectedRequest("https", "notes.example-grpc.com", 443, "POST",
        "/notes.v1.Notes/CreateNote", null, Map.of("content-type", List.of("application/grpc-web")), new byte[0], true);
    FullHttpResponse r = ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.FORBIDDEN, DENY, CALL,
        json, "trc_1", "x");
    try {
      assertThat(r.status().code()).isEqualTo(403);
      assertThat(r.headers().contains("grpc-status")).isFalse();
      assertThat(r.content().toString(StandardCharsets.UTF_8)).contains("\"decision\":\"DENY\"");
    } finally {
      r.release();
    }
  }
}
