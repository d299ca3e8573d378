package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertChannel;
import dev.airlock.admin.alerts.AlertChannelRepository;
import dev.airlock.admin.alerts.AlertChannels;
import dev.airlock.admin.alerts.ChannelException;
import dev.airlock.admin.alerts.ChannelJson;
import dev.airlock.admin.alerts.Delivery;
import dev.airlock.admin.alerts.OutboxRepository;
import dev.airlock.admin.store.Principal;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.List;

/**
 * {@code /api/v1/alert-channels}: list (env filter, keyset-paged), create, read, change, delete;
 * {@code POST /{id}/test}; {@code GET /{id}/deliveries?status=}; {@code POST
 * /{id}/deliveries/{delivery}/retry} for a dead delivery. Secrets are write-only: every answer
 * shows them masked. Environment-scoped keys see the channels serving their environment and change
 * only those serving exactly their environment (as with policies).
 */
final class AlertChannelsHandler implements ResourceHandler {
  private final AlertChannels alerts;
  private final ObjectMapper json;
  private final Envelope envelope;

  AlertChannelsHandler(AlertChannels alerts, ObjectMapper json, Envelope envelope) {
    this.alerts = alerts;
    this.json = json;
    this.envelope = envelope;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    try {
      return route(req);
    } catch (ChannelException e) {
      throw ApiException.badRequest(e.code(), e.field(), e.getMessage());
    }
  }

  private ApiResponse route(ApiRequest req) {
    List<String> path = req.segments();
    HttpMethod m = req.method();
    switch (path.size()) {
      case 1 -> {
        if (req.isGet()) {
          return list(req);
        }
        if (HttpMethod.POST.equals(m)) {
          return create(req);
        }
      }
      case 2 -> {
        AlertChannel c = visible(req, path.get(1));
        if (req.isGet()) {
          return envelope.ok(req, ChannelJson.view(c));
        }
        if (HttpMethod.PATCH.equals(m)) {
          requireChange(req, c);
          JsonNode body = body(req);
          if (body.has("env_names")) {
            requireOwnEnvironment(req.principal(), body);
          }
          return envelope.ok(req, ChannelJson.view(alerts.update(c.id(), body, req.actor())));
        }
        if (HttpMethod.DELETE.equals(m)) {
          requireChange(req, c);
          return envelope.ok(req, ChannelJson.view(alerts.delete(c.id(), req.actor())));
        }
      }
      case 3 -> {
        AlertChannel c = visible(req, path.get(1));
        if (path.get(2).equals("test") && HttpMethod.POST.equals(m)) {
          requireChange(req, c);
          return envelope.ok(req, alerts.test(c, req.actor()).toJson());
        }
        if (path.get(2).equals("deliveries") && req.isGet()) {
          return deliveries(req, c);
        }
        if (!path.get(2).equals("test") && !path.get(2).equals("deliveries")) {
          throw ApiException.notFound("no such resource: " + req.path());
        }
      }
      case 4 -> {
        AlertChannel c = visible(req, path.get(1));
        if (path.get(2).equals("deliveries") && req.isGet()) {
          Delivery d = alerts.outbox().find(path.get(3)).filter(x -> x.channelId().equals(c.id()))
              .orElseThrow(() -> ApiException.notFound("delivery not found: " + path.get(3)));
          return envelope.ok(req, d.toJson());
        }
      }
      case 5 -> {
        AlertChannel c = visible(req, path.get(1));
        if (path.get(2).equals("deliveries") && path.get(4).equals("retry") && HttpMethod.POST.equals(m)) {
          requireChange(req, c);
          return envelope.ok(req, alerts.outbox().retry(c.id(), path.get(3), req.actor(), envOf(c)).toJson());
        }
      }
      default -> throw ApiException.notFound("no such resource: " + req.path());
    }
    throw ApiException.methodNotAllowed(req);
  }

  private ApiResponse list(ApiRequest req) {
    String env = Scopes.listEnv(req.principal(), req.param("env"));
    AlertChannelRepository.Page page = alerts.repository().list(env, ListParams.limit(req.param("limit")),
        ListParams.cursor(req.param("cursor")));
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(c -> items.add(ChannelJson.view(c)));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  private ApiResponse create(ApiRequest req) {
    JsonNode body = body(req);
    requireOwnEnvironment(req.principal(), body);
    AlertChannel created = alerts.create(body, req.actor());
    return envelope.data(req, HttpResponseStatus.CREATED, ChannelJson.view(created));
  }

  /** A scoped key's channel serves exactly its environment, before and after any change. */
  private static void requireOwnEnvironment(Principal who, JsonNode body) {
    if (who.isTenantWide()) {
      return;
    }
    JsonNode envs = body.get("env_names");
    if (envs == null || !envs.isArray() || envs.size() != 1 || !who.env().equals(envs.get(0).asText())) {
      throw ApiException.forbidden("this key is limited to environment " + who.env()
          + "; its channels have env_names [\"" + who.env() + "\"]");
    }
  }

  private ApiResponse deliveries(ApiRequest req, AlertChannel c) {
    String status = req.param("status");
    Delivery.Status wanted = status == null ? null : Delivery.Status.of(status);
    if (status != null && wanted == null) {
      throw ApiException.badRequest("invalid_parameter", "status",
          "status: \"" + status + "\" (expected: pending, delivered, dead)");
    }
    OutboxRepository.Page page = alerts.outbox().list(c.id(), wanted, ListParams.limit(req.param("limit")),
        ListParams.cursor(req.param("cursor")));
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(d -> items.add(d.toJson()));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  /** The channel, if this caller may see it; 404 alike for a missing one and another env's. */
  private AlertChannel visible(ApiRequest req, String id) {
    String missing = "alert channel not found: " + id;
    AlertChannel c = alerts.repository().find(id).orElseThrow(() -> ApiException.notFound(missing));
    Scopes.requireVisiblePolicy(req.principal(), c.spec().envNames(), missing);
    return c;
  }

  private static void requireChange(ApiRequest req, AlertChannel c) {
    Principal who = req.principal();
    if (!who.isTenantWide() && !c.spec().envNames().equals(List.of(who.env()))) {
      throw ApiException.forbidden("this key is limited to environment " + who.env()
          + "; a channel with env_names " + c.spec().envNames() + " is changed with a tenant-wide key");
    }
  }

  private static String envOf(AlertChannel c) {
    return c.spec().envNames().size() == 1 && !c.spec().allEnvironments() ? c.spec().envNames().get(0) : null;
  }

  private JsonNode body(ApiRequest req) {
    if (req.body() == null || req.body().length == 0) {
      throw ApiException.badRequest("invalid_json", null, "body must be a JSON object");
    }
    try {
      JsonNode tree = json.readTree(req.body());
      if (tree == null || !tree.isObject()) {
        throw ApiException.badRequest("invalid_json", null, "body must be a JSON object");
      }
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_json", null, "body is not valid JSON: " + JsonBody.firstLine(e));
    }
  }
}
