package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.AgentRepository;
import dev.airlock.admin.store.CreatedAgent;
import dev.airlock.admin.store.IssuedKey;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /api/v1/agents}: list by env, create with a first key (secret shown once), suspend and
 * unsuspend ({@code /{id}/suspend}, {@code /{id}/unsuspend}), issue a key ({@code POST /{id}/keys})
 * and revoke one ({@code DELETE /{id}/keys/{key_id}}). Every change is handed to {@code
 * agentChanged} before the answer, so that this node's proxy already follows it.
 */
final class AgentsHandler implements ResourceHandler {
  private static final Set<String> FIELDS = Set.of("name", "env", "runtime_type");

  private final AgentRepository agents;
  private final ObjectMapper json;
  private final Views views;
  private final Envelope envelope;
  private final Consumer<String> agentChanged;

  AgentsHandler(AgentRepository agents, ObjectMapper json, Views views, Envelope envelope,
      Consumer<String> agentChanged) {
    this.agents = agents;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
    this.agentChanged = agentChanged;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    List<String> path = req.segments();
    return switch (path.size()) {
      case 1 -> collection(req);
      case 2 -> one(req, path.get(1));
      case 3 -> action(req, path.get(1), path.get(2));
      case 4 -> key(req, path.get(1), path.get(2), path.get(3));
      default -> throw ApiException.notFound("no such resource: " + req.path());
    };
  }

  private ApiResponse collection(ApiRequest req) {
    if (req.isGet()) {
      ArrayNode items = JsonNodeFactory.instance.arrayNode();
      agents.list(req.param("env")).forEach(a -> items.add(views.agent(a)));
      return envelope.list(req, items, null);
    }
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    String name = body.text("name", null);
    if (name == null) {
      throw ApiException.unprocessable("invalid_name", "name", "name: missing");
    }
    String env = body.text("env", req.param("env") == null ? "default" : req.param("env"));
    CreatedAgent created = agents.create(name, env, body.text("runtime_type", "custom"));
    agentChanged.accept(created.agent().id());
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.set("agent", views.agent(created.agent()));
    data.set("key", keyView(created.key()));
    return envelope.data(req, HttpResponseStatus.CREATED, data);
  }

  private ApiResponse one(ApiRequest req, String id) {
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
    return envelope.ok(req, views.agent(find(id)));
  }

  private ApiResponse action(ApiRequest req, String id, String action) {
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    switch (action) {
      case "suspend", "unsuspend" -> {
        agents.setStatus(id, action.equals("suspend") ? Agent.SUSPENDED : Agent.ACTIVE);
        agentChanged.accept(id);
        return envelope.ok(req, views.agent(find(id)));
      }
      case "keys" -> {
        IssuedKey key = agents.issueKey(id);
        agentChanged.accept(id);
        return envelope.data(req, HttpResponseStatus.CREATED, keyView(key));
      }
      default -> throw ApiException.notFound("no such resource: " + req.path());
    }
  }

  private ApiResponse key(ApiRequest req, String id, String keys, String keyId) {
    if (!keys.equals("keys")) {
      throw ApiException.notFound("no such resource: " + req.path());
    }
    if (!HttpMethod.DELETE.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    agents.revokeKey(id, keyId);
    agentChanged.accept(id);
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("id", keyId);
    data.put("revoked", true);
    return envelope.ok(req, data);
  }

  private Agent find(String id) {
    return agents.find(id).orElseThrow(() -> ApiException.notFound("agent not found: " + id));
  }

  private static ObjectNode keyView(IssuedKey key) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", key.id());
    node.put("secret", key.secret());
    return node;
  }
}
