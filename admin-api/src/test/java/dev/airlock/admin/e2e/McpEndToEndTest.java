package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official MCP TypeScript SDK on both ends, through Airlock: its McpServer over Streamable HTTP
 * (HTTPS on loopback, reached as mcp.docs-example.com) and its client with undici's ProxyAgent. A
 * policy on the server's second tool denies that call only; the client sees the reason as the
 * call's error, its session carries on, the tool results stream through event by event, and each
 * tools/call is traced with the server's tool name as operation.
 */
class McpEndToEndTest {
  private static final String HOST = "mcp.docs-example.com";
  private static final String TOOL = "docs-example.com";
  static AirlockHarness h;
  static Process node;
  static BufferedReader nodeOut;
  static CompletableFuture<String> nodeErr;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    Path cert = h.dir.resolve("mcp-cert.pem");
    Path key = h.dir.resolve("mcp-key.pem");
    h.pki.writeServerPem(HOST, cert, key);
    node = Clients.builder(Path.of("src/test/node").toAbsolutePath(),
        Map.of("MCP_HOST", HOST, "MCP_CERT", cert.toString(), "MCP_KEY", key.toString()),
        List.of("node", "mcp-e2e.mjs")).start();
    nodeOut = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    nodeErr = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return "";
      }
    });
    String first = nodeOut.readLine();
    assertThat(first).as("the MCP server's first line (stderr: %s)", first == null ? nodeErr.join() : "")
        .startsWith("{\"port\"");
    h.route(HOST + ":443", AirlockHarness.JSON.readTree(first).get("port").asInt());
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null && node.isAlive()) {
      node.destroy();
      node.waitFor(10, TimeUnit.SECONDS);
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void deniedToolFailsAloneWithItsReasonAndTheSessionCarriesOn() throws Exception {
    h.admin("POST", "/api/v1/policies?env=default", "{\"name\":\"docs-guard\",\"rules\":[{\"id\":\"no-deletes\","
        + "\"match\":{\"tool_name\":\"" + TOOL + "\",\"operation\":\"delete_page\"},\"action\":\"DENY\","
        + "\"severity\":\"HIGH\",\"reason\":\"MCP_TOOL_BLOCKED\"}]}");

    JsonNode out = runClient();

    assertThat(out.has("failure")).as(out.toString()).isFalse();
    assertThat(out.get("tools").toString()).isEqualTo("[\"delete_page\",\"search_docs\"]");
    // Allowed calls, before and after the denial, on the same session.
    assertThat(out.get("first").asText()).isEqualTo("3 pages about rate limits; progress seen before the result: true");
    assertThat(out.get("after").asText()).isEqualTo("3 pages about quotas; progress seen before the result: true");
    assertThat(out.get("progress_events").asInt()).isEqualTo(2);
    assertThat(out.get("session_after").asText()).isEqualTo(out.get("session").asText()).isNotEmpty();
    // The denied call: a JSON-RPC error the SDK raises with Airlock's message; the server never saw it.
    String denial = out.get("denial").asText();
    assertThat(denial).contains("MCP_TOOL_BLOCKED").contains("docs-guard/no-deletes").containsPattern("trace trc_");
    assertThat(out.get("denial_code").asInt()).isEqualTo(-32001);
    assertThat(out.get("server_calls").toString()).isEqualTo("[\"search_docs\",\"search_docs\"]");

    List<JsonNode> calls = new ArrayList<>();
    for (JsonNode e : out.get("exchanges")) {
      if ("tools/call".equals(e.get("method").asText())) {
        calls.add(e);
      }
    }
    assertThat(calls).hasSize(3);
    assertThat(calls.get(0).get("content_type").asText()).startsWith("text/event-stream");
    assertThat(calls.get(1).get("status").asInt()).isEqualTo(200);
    assertThat(calls.get(1).get("content_type").asText()).isEqualTo("application/json");
    assertThat(denial).contains(calls.get(1).get("trace").asText());
    List<String> traced = new ArrayList<>();
    for (JsonNode c : calls) {
      JsonNode t = h.trace(c.get("trace").asText());
      assertThat(t.get("tool").asText()).isEqualTo(TOOL);
      traced.add(t.get("operation").asText() + ":" + t.get("decision").asText());
    }
    assertThat(traced).containsExactly("search_docs:ALLOW", "delete_page:DENY", "search_docs:ALLOW");
    JsonNode init = h.trace(out.get("exchanges").get(0).get("trace").asText());
    assertThat(init.get("operation").asText()).isEqualTo("mcp_initialize");
    assertThat(init.get("verb").asText()).isEqualTo("READ");
  }

  /** Hands the running client its proxy and CA, and returns the one line it prints at the end. */
  private static JsonNode runClient() throws Exception {
    OutputStream in = node.getOutputStream();
    in.write(("{\"proxy\":\"" + h.proxyUrl() + "\",\"ca\":\"" + h.airlockCa + "\"}\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return nodeOut.readLine();
      } catch (java.io.IOException e) {
        return null;
      }
    });
    String result = line.get(60, TimeUnit.SECONDS);
    assertThat(result).as("the client's result (stderr: %s)", result == null ? nodeErr.join() : "").isNotNull();
    return AirlockHarness.JSON.readTree(result);
  }
}
