package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.ListPage;
import dev.airlock.admin.store.StoredTool;
import dev.airlock.admin.store.ToolRepository;
import dev.airlock.proxy.normalize.CatalogException;
import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.CatalogReader;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code /api/v1/tools}: tool catalog entries added at run time, in the format of the catalog
 * files ({@code conf/tools/*.json}). The catalog names requests for every environment, so adding
 * or removing a tool needs a tenant-wide key; every key may list them. A change is in force on
 * this node before the answer (through {@code changed}, which reloads the catalog).
 */
final class ToolsHandler implements ResourceHandler {
  /** The name the validator gives the body in its messages; stripped before they reach the client. */
  private static final String SOURCE = "tool.json";

  private final ToolRepository tools;
  private final ObjectMapper json;
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final CatalogReader reader = new CatalogReader();
  private final Envelope envelope;
  private final Runnable changed;

  ToolsHandler(ToolRepository tools, ObjectMapper json, Envelope envelope, Runnable changed) {
    this.tools = tools;
    this.json = json;
    this.envelope = envelope;
    this.changed = changed;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    int size = req.segments().size();
    if (size == 1 && req.isGet()) {
      return list(req);
    }
    if (size == 1 && HttpMethod.POST.equals(req.method())) {
      return create(req);
    }
    if (size == 2 && req.isGet()) {
      String name = req.segments().get(1);
      return envelope.ok(req, view(tools.find(name)
          .orElseThrow(() -> ApiException.notFound("tool not found: " + name))));
    }
    if (size == 2 && HttpMethod.DELETE.equals(req.method())) {
      return delete(req, req.segments().get(1));
    }
    if (size <= 2) {
      throw ApiException.methodNotAllowed(req);
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse list(ApiRequest req) {
    String after = req.param("cursor");
    ListPage<StoredTool> page = tools.list(ListParams.limit(req.param("limit")), after);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(t -> items.add(view(t)));
    StoredTool last = page.continueAfter();
    return envelope.list(req, items, last == null ? null : last.name(), page.total());
  }

  private ApiResponse create(ApiRequest req) {
    Scopes.requireTenantWide(req.principal(), "adding a tool (the catalog serves every environment)");
    JsonNode entry = parse(req);
    String document;
    try {
      document = json.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    CatalogEntry valid;
    try {
      valid = reader.read(SOURCE, document.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (CatalogException e) {
      String message = e.getMessage().startsWith(SOURCE + ": ")
          ? e.getMessage().substring(SOURCE.length() + 2) : e.getMessage();
      throw ApiException.unprocessable("invalid_tool", e.field(), message);
    }
    JsonNode description = entry.get("description");
    StoredTool tool = new StoredTool(valid.tool(), description == null ? "" : description.asText(), document, null);
    StoredTool created = tools.create(tool, req.actor(),
        (before, after) -> new AuditChange("tool.create", "tool", after.name(), null, null, view(after)));
    changed.run();
    return envelope.data(req, HttpResponseStatus.CREATED, view(created));
  }

  private ApiResponse delete(ApiRequest req, String name) {
    Scopes.requireTenantWide(req.principal(), "removing a tool (the catalog serves every environment)");
    boolean deleted = tools.delete(name, req.actor(),
        (before, after) -> new AuditChange("tool.delete", "tool", before.name(), null, view(before), null));
    if (!deleted) {
      throw ApiException.notFound("tool not found: " + name);
    }
    changed.run();
    return envelope.ok(req, JsonNodeFactory.instance.objectNode().put("deleted", true));
  }

  /** The body as a JSON tree: JSON, or YAML when the content type says so. */
  private JsonNode parse(ApiRequest req) {
    boolean isYaml = req.contentType().toLowerCase(Locale.ROOT).contains("yaml");
    try {
      JsonNode tree = (isYaml ? yaml : json).readTree(req.body());
      if (tree == null || !tree.isObject()) {
        throw ApiException.unprocessable("invalid_tool", "", "the body must be one catalog entry (an object with"
            + " tool, hosts and operations)");
      }
      return tree;
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_json", null, "body is not valid " + (isYaml ? "YAML" : "JSON") + ": "
          + JsonBody.firstLine(e));
    }
  }

  private ObjectNode view(StoredTool t) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", t.name());
    n.put("description", t.description());
    n.put("created_at", t.createdAt() == null ? null : t.createdAt().toString());
    try {
      n.set("document", json.readTree(t.documentJson()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored tool document is not JSON", e);
    }
    return n;
  }
}
