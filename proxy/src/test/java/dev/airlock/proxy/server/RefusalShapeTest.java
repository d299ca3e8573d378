package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Severity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which shape a refusal takes: git report-status, JSON-RPC error, or the JSON decision body. */
class RefusalShapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Decision DENY = new Decision(Action.DENY, List.of("FORCE_PUSH_BLOCKED"), "git/0",
      Severity.HIGH, 0.5, Set.of());

  private static InspectedRequest post(String path, String body, boolean inspected) {
    return new InspectedRequest("https", "example.com", 443, "POST", path, null, Map.of(),
        body.getBytes(StandardCharsets.ISO_8859_1), inspected);
  }

  private static FullHttpResponse refuse(ToolCall call, InspectedRequest req) {
    return ProxyResponses.refusal(ByteBufAllocator.DEFAULT, HttpResponseStatus.FORBIDDEN, DENY, call, req,
        "trc_1", "request blocked by policy");
  }

  private static String text(FullHttpResponse r) {
    try {
      return r.content().toString(StandardCharsets.ISO_8859_1);
    } finally {
      r.release();
    }
  }

  @Test
  void deniedGitPushGetsAReportStatusRejectingEachRef() {
    GitPush push = new GitPush(List.of(new RefUpdate("1".repeat(40), "2".repeat(40), "refs/heads/main",
        ForcePush.TRUE)));
    ToolCall call = new ToolCall("github", "git_push", Verb.WRITE, push, List.of(), Map.of());
    String line = "1".repeat(40) + " " + "2".repeat(40) + " refs/heads/main\0report-status side-band-64k\n";
    String body = String.format("%04x", line.length() + 4) + line + "0000PACK";
    FullHttpResponse r = refuse(call, post("/acme/app.git/git-receive-pack", body, true));
    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().get("Content-Type")).isEqualTo("application/x-git-receive-pack-result");
    assertThat(r.headers().get("X-Airlock-Decision")).isEqualTo("DENY");
    assertThat(r.headers().getInt("Content-Length")).isEqualTo(r.content().readableBytes());
    assertThat(text(r)).contains("\u0001000eunpack ok\n").contains("ng refs/heads/main airlock: Airlock blocked "
        + "this request: FORCE_PUSH_BLOCKED, rule git/0").contains("trace trc_1\n0000").endsWith("0000");
  }

  @Test
  void aPushWhoseRefsAreUnknownGetsTheJsonBody() {
    ToolCall call = new ToolCall("github", "git_push", Verb.WRITE, null, List.of(), Map.of());
    FullHttpResponse r = refuse(call, post("/acme/app.git/git-receive-pack", "", false));
    assertThat(r.status().code()).isEqualTo(403);
    assertThat(text(r)).contains("\"type\":\"airlock_policy_denied\"");
  }

  @Test
  void jsonRpcRequestGetsAJsonRpcErrorWithItsId() throws Exception {
    ToolCall call = ToolCall.of("mcp", "tool_call", Verb.WRITE);
    for (String id : List.of("7", "\"req-7\"")) {
      FullHttpResponse r = refuse(call, post("/mcp",
          "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}", true));
      assertThat(r.status().code()).isEqualTo(200);
      assertThat(r.headers().get("X-Airlock-Decision")).isEqualTo("DENY");
      JsonNode b = JSON.readTree(text(r));
      assertThat(b.get("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(b.get("id").toString()).isEqualTo(id);
      assertThat(b.at("/error/code").asInt()).isEqualTo(-32001);
      assertThat(b.at("/error/message").asText()).contains("FORCE_PUSH_BLOCKED").endsWith("trace trc_1");
      assertThat(b.at("/error/data/trace_id").asText()).isEqualTo("trc_1");
      assertThat(b.at("/error/data/type").asText()).isEqualTo("airlock_policy_denied");
    }
  }

  @Test
  void notificationsBatchesAndOtherJsonGetTheJsonBody() {
    ToolCall call = ToolCall.of("mcp", "tool_call", Verb.WRITE);
    for (String body : List.of("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}",
        "[{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}]", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"a\"}",
        "{\"id\":1,\"messages\":[]}", "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"a\"}", "not json")) {
      FullHttpResponse r = refuse(call, post("/mcp", body, true));
      assertThat(r.status().code()).as(body).isEqualTo(403);
      assertThat(text(r)).as(body).contains("\"decision\":\"DENY\"");
    }
  }

  @Test
  void aBatchGetsOneJsonRpcErrorPerRequestInIt() throws Exception {
    ToolCall call = ToolCall.of("mcp", "delete_page", Verb.WRITE);
    String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"}},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"tools/call\",\"params\":{\"name\":\"delete_page\"}}]";
    FullHttpResponse r = refuse(call, post("/mcp", batch, true));

    assertThat(r.status().code()).isEqualTo(200);
    assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
    JsonNode b = JSON.readTree(text(r));
    assertThat(b.isArray()).isTrue();
    assertThat(b).hasSize(2);
    assertThat(b.get(0).get("id").toString()).isEqualTo("1");
    assertThat(b.get(1).get("id").toString()).isEqualTo("\"b\"");
    for (JsonNode e : b) {
      assertThat(e.get("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(e.at("/error/code").asInt()).isEqualTo(-32001);
      assertThat(e.at("/error/message").asText()).contains("FORCE_PUSH_BLOCKED").endsWith("trace trc_1");
      assertThat(e.at("/error/data/operation").asText()).isEqualTo("delete_page");
    }
  }
}
