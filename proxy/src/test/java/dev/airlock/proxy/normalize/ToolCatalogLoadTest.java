package dev.airlock.proxy.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.CatalogReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToolCatalogLoadTest {
  @TempDir Path dir;

  @Test
  void builtinsLoadWithoutOperatorDirectory() {
    ToolCatalog catalog = ToolCatalog.load(null);

    assertThat(catalog.entries()).extracting(CatalogEntry::tool)
        .contains("github", "jira", "openai", "anthropic", "telegram");
  }

  @Test
  void operatorEntryReplacesBuiltinOfSameName() throws IOException {
    Files.writeString(dir.resolve("jira.yaml"), """
        tool: jira
        hosts: ["jira.example.com"]
        operations:
          - {name: file_ticket, method: POST, path: "/rest/api/2/issue"}
        """);
    ToolCatalog catalog = ToolCatalog.load(dir);

    assertThat(catalog.normalize(post("jira.example.com", "/rest/api/2/issue")).operation())
        .isEqualTo("file_ticket");
    // The built-in jira entry is gone, so its hosts fall back to the registrable domain.
    assertThat(catalog.normalize(post("acme.atlassian.net", "/rest/api/3/issue")).tool())
        .isEqualTo("atlassian.net");
    assertThat(catalog.entries()).filteredOn(e -> e.tool().equals("jira")).hasSize(1);
  }

  @Test
  void operatorAddsToolsWithBodyMatchAndIgnoresOtherFiles() throws IOException {
    Files.writeString(dir.resolve("mcp.json"), """
        {"tool": "docs-mcp", "hosts": ["mcp.example.com"], "body_attributes": ["params.name"],
         "operations": [
           {"name": "tool_call", "method": "POST", "path": "/mcp",
            "body": {"field": "method", "equals": "tools/call"}},
           {"name": "list_tools", "method": "POST", "path": "/mcp", "verb": "READ",
            "body": {"field": "method", "equals": "tools/list"}}]}
        """);
    Files.writeString(dir.resolve("README.md"), "not a catalog file");
    ToolCatalog catalog = ToolCatalog.load(dir);

    ToolCall call = catalog.normalize(post("mcp.example.com", "/mcp",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"search\",\"arguments\":{\"q\":\"x\"}}}"));
    ToolCall list = catalog.normalize(post("mcp.example.com", "/mcp",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}"));
    ToolCall other = catalog.normalize(post("mcp.example.com", "/mcp",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"initialize\"}"));

    assertThat(call.operation()).isEqualTo("tool_call");
    assertThat(call.attributes()).containsEntry("params.name", "search");
    assertThat(list.operation()).isEqualTo("list_tools");
    assertThat(list.verb()).isEqualTo(Verb.READ);
    assertThat(other.tool()).isEqualTo("docs-mcp");
    assertThat(other.operation()).isEqualTo("http_post");
  }

  @Test
  void operatorNamesAnMcpServerAndTheVerbsOfItsTools() throws IOException {
    Files.writeString(dir.resolve("docs.yaml"), """
        tool: docs
        hosts: [mcp.docs.acme.example]
        mcp:
          path: /mcp
          tools:
            - {name: "search_*", verb: READ}
            - {name: delete_page, verb: ADMIN}
        """);
    ToolCatalog catalog = ToolCatalog.load(dir);

    // No MCP header: the configured endpoint is enough.
    ToolCall search = catalog.normalize(post("mcp.docs.acme.example", "/mcp",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"search_pages\"}}"));
    ToolCall delete = catalog.normalize(post("mcp.docs.acme.example", "/mcp",
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"delete_page\"}}"));
    ToolCall other = catalog.normalize(post("mcp.docs.acme.example", "/mcp",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"publish\"}}"));
    // Elsewhere on the host only MCP signs (or a tools/call, MCP on any path) make a request MCP.
    ToolCall elsewhere = catalog.normalize(post("mcp.docs.acme.example", "/api",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}"));

    assertThat(search).extracting(ToolCall::tool, ToolCall::operation, ToolCall::verb)
        .containsExactly("docs", "search_pages", Verb.READ);
    assertThat(delete.verb()).isEqualTo(Verb.ADMIN);
    assertThat(other.verb()).isEqualTo(Verb.WRITE);
    assertThat(elsewhere.operation()).isEqualTo("http_post");
  }

  @Test
  void duplicateToolInOperatorDirectoryIsRejected() throws IOException {
    Files.writeString(dir.resolve("a.json"), "{\"tool\": \"x\", \"hosts\": [\"a.example\"]}");
    Files.writeString(dir.resolve("b.json"), "{\"tool\": \"x\", \"hosts\": [\"b.example\"]}");

    assertThatThrownBy(() -> ToolCatalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessage(dir.resolve("b.json") + ": tool: \"x\" (expected: a tool name not already "
            + "defined in " + dir.resolve("a.json") + ")");
  }

  @Test
  void invalidFileInOperatorDirectoryNamesTheFile() throws IOException {
    Files.writeString(dir.resolve("slack.json"), "{\"tool\": \"slack\", \"hosts\": [\"\"]}");

    assertThatThrownBy(() -> ToolCatalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessage(dir.resolve("slack.json") + ": hosts[0]: \"\" (expected: a host name or glob)");
  }

  @Test
  void malformedJsonIsRejected() throws IOException {
    Files.writeString(dir.resolve("broken.json"), "{\"tool\": ");

    assertThatThrownBy(() -> ToolCatalog.load(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(dir.resolve("broken.json") + ": ")
        .hasMessageEndingWith("(expected: valid JSON)");
  }

  @Test
  void missingOperatorDirectoryIsRejected() {
    assertThatThrownBy(() -> ToolCatalog.load(dir.resolve("nope")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("not a directory");
  }

  static Stream<Arguments> invalidFiles() throws IOException {
    JsonNode root = new YAMLMapper().readTree(TestRequests.resource(
        "normalize/invalid-catalogs.yaml"));
    List<Arguments> out = new ArrayList<>();
    root.forEach(c -> out.add(Arguments.of(c.get("file").asText(), c.get("content").asText(),
        c.get("message").asText())));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void invalidCatalogFilesAreRejectedWithPathMessages(String file, String content, String message) {
    CatalogReader reader = new CatalogReader();

    assertThatThrownBy(() -> reader.read("tools/" + file, content.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CatalogException.class)
        .hasMessage(message);
  }

  @Test
  void aRejectedEntryNamesTheFieldAsAJsonPath() {
    CatalogReader reader = new CatalogReader();
    String[][] cases = {
      {"{\"hosts\": [\"a.example\"]}", "tool"},
      {"{\"tool\": \"t\", \"hosts\": [\"\"]}", "hosts[0]"},
      {"{\"tool\": \"t\", \"hosts\": [\"a.example\"], \"operations\": [{\"name\": \"x\", \"path\": \"/a\","
          + " \"verb\": \"DELETE\"}]}", "operations[0].verb"},
      {"{\"tool\": \"t\", \"hosts\": [\"a.example\"], \"operations\": [{\"name\": \"x\"}]}",
          "operations[0].path"},
      {"{\"tool\": \"t\", \"hosts\": [\"a.example\"], \"colour\": 1}", "colour"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> reader.read("api.json", c[0].getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.field()).as(c[0]).isEqualTo(c[1]));
    }
  }

  private static InspectedRequest post(String host, String path) {
    return post(host, path, "{}");
  }

  private static InspectedRequest post(String host, String path, String json) {
    return new InspectedRequest("https", host, 443, "POST", path, null,
        Map.of("content-type", List.of("application/json")),
        json.getBytes(StandardCharsets.UTF_8), true);
  }
}
