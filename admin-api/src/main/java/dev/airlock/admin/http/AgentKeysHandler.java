package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.AgentKey;
import dev.airlock.admin.store.AgentKeyRepository;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.EphemeralGrant;
import dev.airlock.admin.store.KeyRotation;
import dev.airlock.admin.store.MintedKey;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code /api/v1/agents/{id}/keys}: list an agent's keys (metadata only), issue one ({@code POST},
 * the secret shown once; with {@code ephemeral}, {@code ttl}, {@code operations} and {@code hosts}
 * an ephemeral key, see {@link EphemeralKeyBody}), revoke one ({@code DELETE /{key_id}}) and rotate one ({@code POST
 * /{key_id}/rotate}: a new key in its place; the old one revoked at once, or after {@code
 * grace_seconds}). Keys are recorded in the audit log by id, never by secret.
 */
final class AgentKeysHandler {
  private static final Set<String> ROTATE_FIELDS = Set.of("grace_seconds");

  private final AgentKeyRepository keys;
  private final ObjectMapper json;
  private final AgentViews views;
  private final Envelope envelope;
  private final Consumer<String> agentChanged;

  AgentKeysHandler(AgentKeyRepository keys, ObjectMapper json, AgentViews views, Envelope envelope,
      Consumer<String> agentChanged) {
    this.keys = keys;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
    this.agentChanged = agentChanged;
  }

  /**
   * @param visibleAgent the agent of the path, once the caller may see it (404 otherwise); called
   *     after the route and method are known to be valid
   */
  ApiResponse handle(ApiRequest req, Supplier<Agent> visibleAgent) {
    List<String> path = req.segments();
    if (path.size() == 3) {
      if (req.isGet()) {
        return list(req, visibleAgent.get());
      }
      if (HttpMethod.POST.equals(req.method())) {
        return issue(req, visibleAgent.get());
      }
      throw ApiException.methodNotAllowed(req);
    }
    if (path.size() == 4) {
      if (!HttpMethod.DELETE.equals(req.method())) {
        throw ApiException.methodNotAllowed(req);
      }
      return revoke(req, visibleAgent.get(), path.get(3));
    }
    if (path.size() == 5 && path.get(4).equals("rotate")) {
      if (!HttpMethod.POST.equals(req.method())) {
        throw ApiException.methodNotAllowed(req);
      }
      return rotate(req, visibleAgent.get(), path.get(3));
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse list(ApiRequest req, Agent agent) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    keys.list(agent.id()).forEach(k -> items.add(views.key(k)));
    return envelope.list(req, items, null);
  }

  private ApiResponse issue(ApiRequest req, Agent agent) {
    EphemeralGrant grant = EphemeralKeyBody.parse(json, req);
    MintedKey key = grant == null
        ? keys.issue(agent.id(), req.actor(),
            (before, after) -> change("agent.key.create", agent, after.id(), null, views.key(after)))
        : keys.issueEphemeral(agent.id(), grant, req.actor(),
            (before, after) -> change("agent.key.create_ephemeral", agent, after.id(), null, views.key(after)));
    agentChanged.accept(agent.id());
    return envelope.data(req, HttpResponseStatus.CREATED, views.minted(key));
  }

  private ApiResponse revoke(ApiRequest req, Agent agent, String keyId) {
    AgentKey key = keys.revoke(agent.id(), keyId, req.actor(),
        (before, after) -> change("agent.key.revoke", agent, keyId, views.key(before), views.key(after)));
    agentChanged.accept(agent.id());
    ObjectNode data = views.key(key);
    data.put("revoked", true);
    return envelope.ok(req, data);
  }

  private ApiResponse rotate(ApiRequest req, Agent agent, String keyId) {
    // The body is optional: no body rotates without a grace period.
    long grace = req.body().length == 0 ? 0 : JsonBody.parse(json, req, ROTATE_FIELDS).integer("grace_seconds", 0);
    KeyRotation rotation = keys.rotate(agent.id(), keyId, grace, req.actor(),
        (before, after) -> change("agent.key.rotate", agent, keyId, views.rotation(before), views.rotation(after)));
    agentChanged.accept(agent.id());
    return envelope.data(req, HttpResponseStatus.CREATED, views.rotated(rotation));
  }

  private static AuditChange change(String action, Agent agent, String keyId, ObjectNode before, ObjectNode after) {
    return new AuditChange(action, "agent_key", keyId, agent.env(), before, after);
  }
}
