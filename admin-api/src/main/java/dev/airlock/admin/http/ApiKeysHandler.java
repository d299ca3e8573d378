package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AdminKey;
import dev.airlock.admin.store.AdminKeyQuery;
import dev.airlock.admin.store.AdminTokenRepository;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.CreatedAdminKey;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.Principal;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * {@code /api/v1/api-keys}: the admin keys themselves (list, create with the secret shown once,
 * get, revoke with {@code DELETE /{id}}). Keys are a tenant-wide resource: only tenant-wide keys
 * see or manage them, and only an owner creates or revokes an owner key. A key revoked here stops
 * working on this node at once and on other nodes within {@link BearerAuth#CACHE_TTL}.
 */
final class ApiKeysHandler implements ResourceHandler {
  private static final Set<String> FIELDS = Set.of("name", "role", "env");
  private static final int MAX_NAME = 100;

  private final AdminTokenRepository keys;
  private final ObjectMapper json;
  private final Views views;
  private final Envelope envelope;
  private final Clock clock;
  private final BearerAuth auth;

  ApiKeysHandler(AdminTokenRepository keys, ObjectMapper json, Views views, Envelope envelope, Clock clock,
      BearerAuth auth) {
    this.keys = keys;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
    this.clock = clock;
    this.auth = auth;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    Scopes.requireTenantWide(req.principal(), "managing admin keys");
    if (req.segments().size() == 1) {
      if (req.isGet()) {
        return list(req);
      }
      if (HttpMethod.POST.equals(req.method())) {
        return create(req);
      }
      throw ApiException.methodNotAllowed(req);
    }
    if (req.segments().size() == 2) {
      String id = req.segments().get(1);
      if (req.isGet()) {
        return keys.find(id).map(k -> envelope.ok(req, views.adminKey(k)))
            .orElseThrow(() -> ApiException.notFound("admin key not found: " + id));
      }
      if (HttpMethod.DELETE.equals(req.method())) {
        return revoke(req, id);
      }
      throw ApiException.methodNotAllowed(req);
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse list(ApiRequest req) {
    Instant now = Instant.now(clock);
    AdminKeyQuery query = new AdminKeyQuery(req.param("env"), TimeParam.parse("since", req.param("since"), now),
        TimeParam.parse("until", req.param("until"), now), ListParams.limit(req.param("limit")),
        ListParams.cursor(req.param("cursor")));
    AdminTokenRepository.Page page = keys.list(query);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(k -> items.add(views.adminKey(k)));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  private ApiResponse create(ApiRequest req) {
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    String name = body.text("name", null);
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw ApiException.unprocessable("invalid_field", "name", "name: " + (name == null ? "missing" : "\"" + name
          + "\"") + " (expected: 1.." + MAX_NAME + " characters, not blank)");
    }
    String roleName = body.text("role", null);
    Principal.Role role = Principal.Role.of(roleName);
    if (role == null) {
      throw ApiException.unprocessable("invalid_role", "role", "role: " + (roleName == null ? "missing" : "\""
          + roleName + "\"") + " (expected: owner, admin, auditor)");
    }
    if (role == Principal.Role.OWNER) {
      Scopes.requireOwner(req.principal(), "creating an owner key");
    }
    String env = body.text("env", null);
    if (env != null && !Environment.SLUG.matcher(env).matches()) {
      throw ApiException.unprocessable("unknown_environment", "env", "env: \"" + env + "\" (no such environment)");
    }
    CreatedAdminKey created = keys.create(name, role, env, req.actor(),
        (before, after) -> new AuditChange("api_key.create", "api_key", after.id(), after.env(), null,
            views.adminKey(after)));
    ObjectNode data = views.adminKey(created.key());
    data.put("secret", created.secret());
    return envelope.data(req, HttpResponseStatus.CREATED, data);
  }

  private ApiResponse revoke(ApiRequest req, String id) {
    Principal who = req.principal();
    AdminKey revoked = keys.revoke(id,
        key -> {
          if (key.role() == Principal.Role.OWNER) {
            Scopes.requireOwner(who, "revoking an owner key");
          }
        },
        req.actor(),
        (before, after) -> new AuditChange("api_key.revoke", "api_key", id, before.env(), views.adminKey(before),
            views.adminKey(after)));
    auth.forget(id);
    return envelope.ok(req, views.adminKey(revoked));
  }
}
