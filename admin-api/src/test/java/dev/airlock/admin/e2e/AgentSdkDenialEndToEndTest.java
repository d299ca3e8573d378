package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real OpenAI and Anthropic Node SDKs through Airlock (undici ProxyAgent): when a request is
 * denied, the error the SDK raises, which is all an agent's model sees, names the reason and the
 * trace id.
 */
class AgentSdkDenialEndToEndTest {
  private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";
  private static final Pattern TRACE = Pattern.compile("trace (trc_[A-Za-z0-9_-]+)");
  static AirlockHarness h;
  static RecordingUpstream openai;
  static RecordingUpstream anthropic;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    openai = h.https("api.openai.com");
    anthropic = h.https("api.anthropic.com");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void openAiSdkErrorNamesTheReasonAndTheTrace() throws Exception {
    JsonNode e = runSdk(String.join("\n",
        "import OpenAI from 'openai';",
        "const client = new OpenAI({ apiKey: 'test-key-not-checked', maxRetries: 0, fetchOptions: { dispatcher } });",
        "await client.chat.completions.create({ model: 'gpt-4o-mini',",
        "  messages: [{ role: 'user', content: 'deploy with " + SECRET + "' }] });"));
    assertDenialSurfaced(e, "openai", openai);
  }

  @Test
  void anthropicSdkErrorNamesTheReasonAndTheTrace() throws Exception {
    JsonNode e = runSdk(String.join("\n",
        "import Anthropic from '@anthropic-ai/sdk';",
        "const client = new Anthropic({ apiKey: 'test-key-not-checked', maxRetries: 0, fetchOptions: { dispatcher } });",
        "await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16,",
        "  messages: [{ role: 'user', content: 'deploy with " + SECRET + "' }] });"));
    assertDenialSurfaced(e, "anthropic", anthropic);
  }

  private static void assertDenialSurfaced(JsonNode e, String tool, RecordingUpstream upstream) throws Exception {
    assertThat(e.get("status").asInt()).as(e.toString()).isEqualTo(403);
    String message = e.get("message").asText();
    assertThat(message).as(message).contains("SECRET_DETECTED").contains("block-secrets-external")
        .doesNotContain("(no body)").doesNotContain(SECRET);
    Matcher m = TRACE.matcher(message);
    assertThat(m.find()).as(message).isTrue();
    String traceId = m.group(1);
    assertThat(e.get("trace_header").asText()).isEqualTo(traceId);
    JsonNode t = h.trace(traceId);
    assertThat(t.get("decision").asText()).isEqualTo("DENY");
    assertThat(t.get("tool").asText()).isEqualTo(tool);
    assertThat(upstream.received()).isEmpty();
  }

  /** Runs an SDK call that must fail and returns what its error exposes, as the agent would see it. */
  private static JsonNode runSdk(String call) throws Exception {
    Path nodeDir = Path.of("src/test/node").toAbsolutePath();
    String script = String.join("\n",
        "import { ProxyAgent } from 'undici';",
        "const dispatcher = new ProxyAgent(process.env.HTTPS_PROXY);",
        "try {",
        call,
        "  console.log(JSON.stringify({ status: 0, message: 'no error raised' }));",
        "} catch (e) {",
        "  console.log(JSON.stringify({ status: e.status, message: e.message,",
        "    trace_header: e.headers?.get?.('x-airlock-trace-id') ?? null }));",
        "}");
    // Static imports must come first in a module: move the SDK import to the top.
    String imports = script.lines().filter(l -> l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
    String rest = script.lines().filter(l -> !l.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
    Clients.Result r = Clients.run(nodeDir, Map.of("HTTPS_PROXY", h.proxyUrl(), "NODE_EXTRA_CA_CERTS",
        h.airlockCa.toString()), List.of("node", "--input-type=module", "-e", imports + rest));
    assertThat(r.exit()).as(r.toString()).isZero();
    String out = r.stdout().trim();
    return AirlockHarness.JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
  }
}
