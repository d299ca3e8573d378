package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.AgentDetail;
import dev.airlock.admin.store.AgentPage;
import dev.airlock.admin.store.AgentQuery;
import dev.airlock.admin.store.AgentRepository;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.CreatedAgent;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.TrustRepository;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /api/v1/agents}: list (filtered, keyset-paged), create with a first key (secret shown
 * once), read one with its keys, rename or change its runtime type ({@code PATCH}), delete, and
 * suspend or unsuspend ({@code /{id}/suspend}, {@code /{id}/unsuspend}), read its trust history
 * ({@code /{id}/trust}); keys under {@code
 * /{id}/keys} are {@link AgentKeysHandler}'s.
 *
 * <p>Every change is recorded in the audit log in its own transaction, and handed to {@code
 * agentChanged} before the answer, so that this node's proxy already follows it; other nodes learn
 * it from the database's notification. An environment-scoped admin key sees only its environment's
 * agents: another one's answer 404, and creating there 403. An agent never moves between
 * environments: its keys were handed out for one, and its traces and policies belong to it.
 */
final class AgentsHandler implements ResourceHandler {
  private static final Set<String> CREATE_FIELDS = Set.of("name", "env", "runtime_type");
  private static final Set<String> UPDATE_FIELDS = Set.of("name", "runtime_type", "env");
  private static final Set<String> STATUSES = Set.of(Agent.ACTIVE, Agent.SUSPENDED);

  private final AgentRepository agents;
  private final ObjectMapper json;
  private final AgentViews views;
  private final Envelope envelope;
  private final Clock clock;
  private final Consumer<String> agentChanged;
  private final AgentKeysHandler keys;

  AgentsHandler(AgentRepository agents, ObjectMapper json, Views views, Envelope envelope, Clock clock,
      Consumer<String> agentChanged) {
    this.agents = agents;
    this.json = json;
    this.views = new AgentViews(views, clock);
    this.envelope = envelope;
    this.clock = clock;
    this.agentChanged = agentChanged;
    this.keys = new AgentKeysHandler(agents.keys(), json, this.views, envelope, agentChanged);
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    List<String> path = req.segments();
    if (path.size() >= 3 && path.get(2).equals("keys")) {
      return keys.handle(req, () -> visible(req, path.get(1)));
    }
    return switch (path.size()) {
      case 1 -> collection(req);
      case 2 -> one(req, path.get(1));
      case 3 -> path.get(2).equals("trust") ? trust(req, path.get(1)) : status(req, path.get(1), path.get(2));
      default -> throw ApiException.notFound("no such resource: " + req.path());
    };
  }

  private ApiResponse collection(ApiRequest req) {
    if (req.isGet()) {
      return list(req);
    }
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    return create(req);
  }

  private ApiResponse list(ApiRequest req) {
    Instant now = Instant.now(clock);
    String status = req.param("status");
    if (status != null && !STATUSES.contains(status)) {
      throw ApiException.badRequest("invalid_parameter", "status",
          "status: \"" + status + "\" (expected: active, suspended)");
    }
    AgentQuery query = new AgentQuery(
        Scopes.listEnv(req.principal(), req.param("env")),
        status,
        req.param("name"),
        TimeParam.parse("since", req.param("since"), now),
        TimeParam.parse("until", req.param("until"), now),
        ListParams.limit(req.param("limit")),
        ListParams.cursor(req.param("cursor")));
    AgentPage page = agents.list(query);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(a -> items.add(views.agent(a)));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  private ApiResponse create(ApiRequest req) {
    JsonBody body = JsonBody.parse(json, req, CREATE_FIELDS);
    String name = body.text("name", null);
    if (name == null) {
      throw ApiException.unprocessable("invalid_name", "name", "name: missing");
    }
    Principal who = req.principal();
    // A scoped key creates in its own environment unless told otherwise.
    String fallback = req.param("env") != null ? req.param("env") : who.isTenantWide() ? "default" : who.env();
    String env = body.text("env", fallback);
    Scopes.requireCreateIn(who, env);
    CreatedAgent created = agents.create(name, env, body.text("runtime_type", "custom"), req.actor(),
        (before, after) -> change("agent.create", after.agent(), null, views.detail(after)));
    agentChanged.accept(created.agent().id());
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    key.put("id", created.key().id());
    key.put("secret", created.key().secret());
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.set("agent", views.agent(created.agent()));
    data.set("key", key);
    return envelope.data(req, HttpResponseStatus.CREATED, data);
  }

  private ApiResponse one(ApiRequest req, String id) {
    if (req.isGet()) {
      AgentDetail detail = agents.detail(id).orElseThrow(() -> notFound(id));
      Scopes.requireVisible(req.principal(), detail.agent().env(), notFound(id).getMessage());
      return envelope.ok(req, views.detail(detail));
    }
    if (HttpMethod.PATCH.equals(req.method())) {
      return update(req, id);
    }
    if (HttpMethod.DELETE.equals(req.method())) {
      return delete(req, id);
    }
    throw ApiException.methodNotAllowed(req);
  }

  private ApiResponse update(ApiRequest req, String id) {
    JsonBody body = JsonBody.parse(json, req, UPDATE_FIELDS);
    Agent agent = visible(req, id);
    String env = body.text("env", agent.env());
    if (!env.equals(agent.env())) {
      throw ApiException.unprocessable("immutable_field", "env",
          "env: an agent cannot move to another environment (its keys were issued for '" + agent.env()
              + "'); create an agent in '" + env + "' instead");
    }
    Agent updated = agents.update(id, body.text("name", null), body.text("runtime_type", null), req.actor(),
        (before, after) -> change("agent.update", after, views.agent(before), views.agent(after)));
    agentChanged.accept(id);
    return envelope.ok(req, views.agent(updated));
  }

  private ApiResponse delete(ApiRequest req, String id) {
    visible(req, id);
    AgentDetail deleted = agents.delete(id, req.actor(),
        (before, after) -> change("agent.delete", before.agent(), views.detail(before), null));
    agentChanged.accept(id);
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("id", id);
    data.put("deleted", true);
    data.put("keys_deleted", deleted.keys().size());
    return envelope.ok(req, data);
  }

  private ApiResponse status(ApiRequest req, String id, String action) {
    String status = switch (action) {
      case "suspend" -> Agent.SUSPENDED;
      case "unsuspend" -> Agent.ACTIVE;
      default -> throw ApiException.notFound("no such resource: " + req.path());
    };
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    visible(req, id);
    Agent agent = agents.setStatus(id, status, req.actor(),
        (before, after) -> change("agent." + action, after, views.agent(before), views.agent(after)));
    agentChanged.accept(id);
    return envelope.ok(req, views.agent(agent));
  }

  /**
   * {@code GET /agents/{id}/trust}: the agent's trust changes, newest first (since, until, limit,
   * cursor); {@code meta.total} counts them all, the data carries the current stored score.
   */
  private ApiResponse trust(ApiRequest req, String id) {
    if (!req.isGet()) {
      throw ApiException.methodNotAllowed(req);
    }
    Agent agent = visible(req, id);
    Instant now = Instant.now(clock);
    TrustRepository.TrustPage page;
    try {
      page = agents.trust().history(id, TimeParam.parse("since", req.param("since"), now),
          TimeParam.parse("until", req.param("until"), now), ListParams.limit(req.param("limit")),
          ListParams.cursor(req.param("cursor")));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid_parameter", "cursor", e.getMessage());
    }
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(row -> items.add(TrustViews.change(row.id(), agent, row.value().change())));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  /** The agent, if this caller may see it; 404 alike for a missing agent and another env's. */
  private Agent visible(ApiRequest req, String id) {
    Agent agent = agents.find(id).orElseThrow(() -> notFound(id));
    Scopes.requireVisible(req.principal(), agent.env(), notFound(id).getMessage());
    return agent;
  }

  private static AuditChange change(String action, Agent agent, ObjectNode before, ObjectNode after) {
    return new AuditChange(action, "agent", agent.id(), agent.env(), before, after);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("agent not found: " + id);
  }
}
