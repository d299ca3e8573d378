package dev.airlock.proxy.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import dev.airlock.proxy.normalize.mcp.McpNormalizer;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests: real API request shapes under normalize/cases/*.yaml and their tool calls. */
class NormalizeCasesTest {
  private static final List<String> FILES = List.of(
      "slack.yaml", "github.yaml", "git.yaml", "jira.yaml", "llm.yaml", "other.yaml",
      "fallback.yaml", "linear.yaml", "crm.yaml", "google.yaml", "mcp.yaml", "grpc.yaml");
  /** The org that {@code external} expectations are judged against. */
  private static final ExternalPrincipals ORG = new ExternalPrincipals(Set.of("acme.com"), Set.of("acme"));
  private static final ToolCatalog CATALOG = ToolCatalog.load(null);

  static Stream<Arguments> cases() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    List<Arguments> out = new ArrayList<>();
    for (String file : FILES) {
      JsonNode root = yaml.readTree(TestRequests.resource("normalize/cases/" + file));
      for (JsonNode c : root) {
        out.add(Arguments.of(file + ": " + c.get("name").asText(), c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void normalizes(String name, JsonNode testCase) {
    ToolCall call = CATALOG.normalize(TestRequests.fromCase(testCase.get("request")));
    JsonNode expect = testCase.get("expect");

    assertThat(call.tool()).as("tool").isEqualTo(expect.get("tool").asText());
    assertThat(call.operation()).as("operation").isEqualTo(expect.get("operation").asText());
    assertThat(call.verb().name()).as("verb").isEqualTo(expect.get("verb").asText());
    if (expect.has("recipients")) {
      List<String> recipients = new ArrayList<>();
      expect.get("recipients").forEach(r -> recipients.add(r.asText()));
      assertThat(call.recipients()).as("recipients").isEqualTo(recipients);
    }
    if (expect.has("attributes")) {
      expect.get("attributes").properties().forEach(e ->
          assertThat(call.attributes()).as("attributes").containsEntry(e.getKey(),
              e.getValue().asText()));
    }
    if (expect.has("external")) {
      assertThat(ORG.isExternal(call)).as("external").isEqualTo(expect.get("external").asBoolean());
    }
    if (expect.has("operation_judged")) {
      // As the inspector names the call once the org has judged its recipients.
      ToolCall judged = ORG.isExternal(call) ? call.whenExternal() : call;
      assertThat(judged.operation()).as("operation once recipients are judged")
          .isEqualTo(expect.get("operation_judged").asText());
    }
    if (expect.has("header_mismatch")) {
      assertThat(McpNormalizer.headerMismatch(call) != null).as("MCP header mismatch: " + call.attributes())
          .isEqualTo(expect.get("header_mismatch").asBoolean());
    }
    if (expect.has("force_push")) {
      assertThat(call.gitPush()).as("gitPush").isNotNull();
      assertThat(call.gitPush().forcePush().name()).as("force_push")
          .isEqualTo(expect.get("force_push").asText());
    } else {
      assertThat(call.gitPush()).as("gitPush").isNull();
    }
  }
}
