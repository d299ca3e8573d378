package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AgentRepository;
import dev.airlock.admin.store.CreatedAgent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;

/** {@code /api/v1/agents}: list by env, create with a first key (secret shown once). */
final class AgentsHandler implements ResourceHandler {
  private static final Set<String> FIELDS = Set.of("name", "env", "runtime_type");

  private final AgentRepository agents;
  private final ObjectMapper json;
  private final Views views;
  private final Envelope envelope;

  AgentsHandler(AgentRepository agents, ObjectMapper json, Views views, Envelope envelope) {
    this.agents = agents;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (req.segments().size() == 2) {
      if (!req.isGet()) {
        throw ApiException.methodNotAllowed(req);
      }
      String id = req.segments().get(1);
      return agents.find(id)
          .map(a -> envelope.ok(req, views.agent(a)))
          .orElseThrow(() -> ApiException.notFound("agent not found: " + id));
    }
    if (req.segments().size() != 1) {
      throw ApiException.notFound("no such resource: " + req.path());
    }
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
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.set("agent", views.agent(created.agent()));
    ObjectNode key = data.putObject("key");
    key.put("id", created.key().id());
    key.put("secret", created.key().secret());
    return envelope.data(req, HttpResponseStatus.CREATED, data);
  }
}
