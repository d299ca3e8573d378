package dev.airlock.proxy.normalize.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.proxy.normalize.CatalogException;
import dev.airlock.proxy.normalize.Verb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and validates one catalog file (JSON, or YAML for {@code .yaml}/{@code .yml}). Every
 * problem is reported as {@code <source>: <field path>: <value> (expected: ...)}.
 */
public final class CatalogReader {
  private static final Set<String> ENTRY_FIELDS =
      Set.of("tool", "hosts", "operations", "recipient_vars", "body_attributes", "description", "mcp");
  private static final Set<String> OPERATION_FIELDS =
      Set.of("name", "method", "path", "verb", "body", "description");
  private static final Set<String> BODY_FIELDS = Set.of("field", "equals");
  private static final Set<String> MCP_FIELDS = Set.of("path", "tools");
  private static final Set<String> MCP_TOOL_FIELDS = Set.of("name", "verb");
  private static final String MCP_TOOL_GLOB = "[A-Za-z0-9_./*-]{1,128}";
  private static final String TOOL_NAME = "[a-z][a-z0-9_-]{0,62}";
  private static final String OPERATION_NAME = "[a-z][a-z0-9_]{0,62}";
  private static final String METHOD = "\\*|[A-Z]{3,10}";

  private final ObjectMapper json = new ObjectMapper();
  private final ObjectMapper yaml = new YAMLMapper();

  /** @param source file name used in messages and to pick the format, e.g. "tools/jira.json" */
  public CatalogEntry read(String source, byte[] content) {
    String lower = source.toLowerCase(Locale.ROOT);
    ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml") ? yaml : json;
    JsonNode root;
    try {
      root = mapper.readTree(content);
    } catch (JsonProcessingException e) {
      throw new CatalogException(source + ": " + e.getOriginalMessage() + " (expected: valid "
          + (mapper == yaml ? "YAML" : "JSON") + ")", e);
    } catch (IOException e) {
      throw new CatalogException(source + ": " + e.getMessage(), e);
    }
    return new FileReader(source).entry(root);
  }

  /** Validation of one file; knows its source for messages. */
  private static final class FileReader {
    private final String source;

    FileReader(String source) {
      this.source = source;
    }

    CatalogEntry entry(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw fail("", root, "an object with tool, hosts and operations");
      }
      onlyFields(root, "", ENTRY_FIELDS);
      String tool = string(root, "tool", TOOL_NAME, "a tool name matching " + TOOL_NAME);
      List<HostPattern> hosts = list(root, "hosts", true, (path, node) -> {
        if (!node.isTextual() || !HostPattern.isValid(node.asText())) {
          throw fail(path, node, "a host name or glob");
        }
        return new HostPattern(node.asText());
      });
      List<CatalogOperation> operations = list(root, "operations", false, this::operation);
      List<String> recipientVars = list(root, "recipient_vars", false, (path, node) ->
          text(path, node, "[a-z_][a-z0-9_]*", "a path variable name"));
      List<String> bodyAttributes = list(root, "body_attributes", false, (path, node) ->
          text(path, node, "[A-Za-z0-9_.-]+", "a dotted JSON field path"));
      McpEndpoint mcp = root.has("mcp") ? mcp(root.get("mcp")) : null;
      return new CatalogEntry(tool, hosts, operations, recipientVars, bodyAttributes, source, mcp);
    }

    private McpEndpoint mcp(JsonNode node) {
      if (!node.isObject()) {
        throw fail("mcp", node, "an object with optional path and tools");
      }
      onlyFields(node, "mcp.", MCP_FIELDS);
      PathTemplate path = null;
      if (node.has("path")) {
        String template = text("mcp.path", node.get("path"), "/.*", "a path template starting with '/'");
        path = PathTemplate.parse(template).orElseThrow(() -> fail("mcp.path", node.get("path"),
            "segments, {variable}, * within a segment, or a final **"));
      }
      List<McpEndpoint.ToolVerb> tools = list(node, "tools", false, (p, t) -> {
        if (!t.isObject()) {
          throw fail("mcp." + p, t, "an object with name and verb");
        }
        onlyFields(t, "mcp." + p + ".", MCP_TOOL_FIELDS);
        String name = string(t, "mcp." + p + ".name", MCP_TOOL_GLOB, "an MCP tool name or glob matching "
            + MCP_TOOL_GLOB);
        String verb = string(t, "mcp." + p + ".verb", "READ|WRITE|ADMIN", "READ, WRITE, ADMIN");
        return new McpEndpoint.ToolVerb(name, Verb.valueOf(verb));
      });
      return new McpEndpoint(path, tools);
    }

    private CatalogOperation operation(String path, JsonNode node) {
      if (!node.isObject()) {
        throw fail(path, node, "an object with name, method, path");
      }
      onlyFields(node, path + ".", OPERATION_FIELDS);
      String name = string(node, path + ".name", OPERATION_NAME, "an operation name matching "
          + OPERATION_NAME);
      String method = node.has("method")
          ? text(path + ".method", node.get("method"), METHOD, "an HTTP method such as GET or POST, or *")
          : "*";
      String template = text(path + ".path", requiredField(node, path + ".path"), "/.*",
          "a path template starting with '/'");
      PathTemplate pathTemplate = PathTemplate.parse(template).orElseThrow(() -> fail(
          path + ".path", node.get("path"),
          "segments, {variable}, * within a segment, or a final **"));
      Verb verb = null;
      if (node.has("verb")) {
        String v = text(path + ".verb", node.get("verb"), "READ|WRITE|ADMIN", "READ, WRITE, ADMIN");
        verb = Verb.valueOf(v);
      }
      BodyMatch body = node.has("body") ? bodyMatch(path + ".body", node.get("body")) : null;
      return new CatalogOperation(name, method, pathTemplate, verb, body);
    }

    private BodyMatch bodyMatch(String path, JsonNode node) {
      if (!node.isObject()) {
        throw fail(path, node, "an object with field and optional equals");
      }
      onlyFields(node, path + ".", BODY_FIELDS);
      String field = text(path + ".field", requiredField(node, path + ".field"), "[A-Za-z0-9_.-]+",
          "a dotted JSON field path");
      String equals = null;
      if (node.has("equals")) {
        JsonNode e = node.get("equals");
        if (!e.isValueNode() || e.isNull()) {
          throw fail(path + ".equals", e, "a string, number or boolean");
        }
        equals = e.asText();
      }
      return new BodyMatch(field, equals);
    }

    private <T> List<T> list(JsonNode parent, String name, boolean required,
        ElementReader<T> reader) {
      String path = name;
      JsonNode node = parent.get(name);
      if (node == null) {
        if (required) {
          throw fail(path, null, "a non-empty list");
        }
        return List.of();
      }
      if (!node.isArray() || (required && node.isEmpty())) {
        throw fail(path, node, required ? "a non-empty list" : "a list");
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        out.add(reader.read(path + "[" + i + "]", node.get(i)));
      }
      return out;
    }

    private String string(JsonNode parent, String path, String regex, String expected) {
      String field = path.substring(path.lastIndexOf('.') + 1);
      return text(path, required(parent.get(field), path, expected), regex, expected);
    }

    private JsonNode requiredField(JsonNode parent, String path) {
      String field = path.substring(path.lastIndexOf('.') + 1);
      return required(parent.get(field), path, "a value");
    }

    private JsonNode required(JsonNode node, String path, String expected) {
      if (node == null || node.isNull()) {
        throw new CatalogException(source + ": " + path + ": missing (expected: " + expected + ")",
            path);
      }
      return node;
    }

    private String text(String path, JsonNode node, String regex, String expected) {
      if (!node.isTextual() || !node.asText().matches(regex)) {
        throw fail(path, node, expected);
      }
      return node.asText();
    }

    private void onlyFields(JsonNode node, String prefix, Set<String> allowed) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw new CatalogException(source + ": " + prefix + f + ": unknown field (expected: one of "
              + String.join(", ", allowed.stream().sorted().toList()) + ")", prefix + f);
        }
      }
    }

    private CatalogException fail(String path, JsonNode value, String expected) {
      String shown = value == null ? "missing" : value.toString();
      String where = path.isEmpty() ? "" : path + ": ";
      return new CatalogException(source + ": " + where + shown + " (expected: " + expected + ")",
          path);
    }
  }

  @FunctionalInterface
  private interface ElementReader<T> {
    T read(String path, JsonNode node);
  }
}
