package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.DeletedEnvironment;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.EnvironmentQuery;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.admin.store.Principal;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code /api/v1/environments} (list, create) and {@code /api/v1/environments/{slug}} (get,
 * PATCH, DELETE). An environment-scoped key sees only its own environment; creating, changing and
 * deleting environments needs a tenant-wide key, and removing production status the owner role.
 * After every change the engine is rebuilt ({@code changed}) before the answer.
 */
final class EnvironmentsHandler implements ResourceHandler {
  private final EnvironmentRepository environments;
  private final ObjectMapper json;
  private final Views views;
  private final Envelope envelope;
  private final Clock clock;
  private final Runnable changed;
  private final Consumer<String> agentChanged;
  private final BearerAuth auth;

  EnvironmentsHandler(EnvironmentRepository environments, ObjectMapper json, Views views, Envelope envelope,
      Clock clock, Runnable changed, Consumer<String> agentChanged, BearerAuth auth) {
    this.environments = environments;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
    this.clock = clock;
    this.changed = changed;
    this.agentChanged = agentChanged;
    this.auth = auth;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
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
      String slug = req.segments().get(1);
      if (req.isGet()) {
        Scopes.requireVisible(req.principal(), slug, "environment not found: " + slug);
        return environments.find(slug)
            .map(e -> envelope.ok(req, views.environment(e)))
            .orElseThrow(() -> ApiException.notFound("environment not found: " + slug));
      }
      if (HttpMethod.PATCH.equals(req.method())) {
        return update(req, slug);
      }
      if (HttpMethod.DELETE.equals(req.method())) {
        return delete(req, slug);
      }
      throw ApiException.methodNotAllowed(req);
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse list(ApiRequest req) {
    Instant now = Instant.now(clock);
    EnvironmentQuery query = new EnvironmentQuery(Scopes.listEnv(req.principal(), req.param("env")),
        TimeParam.parse("since", req.param("since"), now), TimeParam.parse("until", req.param("until"), now),
        ListParams.limit(req.param("limit")), cursor(req.param("cursor")));
    EnvironmentRepository.Page page = environments.list(query);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(e -> items.add(views.environment(e)));
    String next = page.nextAfterSlug() == null ? null
        : Base64.getUrlEncoder().withoutPadding().encodeToString(page.nextAfterSlug().getBytes(StandardCharsets.UTF_8));
    return envelope.list(req, items, next, page.total());
  }

  private ApiResponse create(ApiRequest req) {
    Scopes.requireTenantWide(req.principal(), "creating environments");
    Environment env = EnvironmentBody.create(JsonBody.parse(json, req, EnvironmentBody.FIELDS));
    Environment created = environments.create(env, req.actor(),
        (before, after) -> new AuditChange("environment.create", "environment", after.slug(), after.slug(), null,
            views.environment(after)));
    changed.run();
    return envelope.data(req, HttpResponseStatus.CREATED, views.environment(created));
  }

  private ApiResponse update(ApiRequest req, String slug) {
    Principal who = req.principal();
    Scopes.requireTenantWide(who, "changing environments");
    UnaryOperator<Environment> patch = EnvironmentBody.patch(JsonBody.parse(json, req, EnvironmentBody.FIELDS), slug);
    Environment updated = environments.update(slug,
        before -> {
          Environment after = patch.apply(before);
          if (before.production() && !after.production()) {
            Scopes.requireOwner(who, "removing production status from environment " + slug);
          }
          return after;
        },
        req.actor(),
        (before, after) -> new AuditChange("environment.update", "environment", slug, slug,
            views.environment(before), views.environment(after)));
    changed.run();
    return envelope.ok(req, views.environment(updated));
  }

  private ApiResponse delete(ApiRequest req, String slug) {
    Scopes.requireTenantWide(req.principal(), "deleting environments");
    DeletedEnvironment deleted = environments.delete(slug, req.actor(),
        (before, after) -> new AuditChange("environment.delete", "environment", slug, slug, view(before), null));
    auth.forgetEnvironment(slug);
    deleted.agentIds().forEach(agentChanged);
    changed.run();
    return envelope.ok(req, view(deleted));
  }

  /** The environment as it was, with what went with it (ids and names only). */
  private ObjectNode view(DeletedEnvironment d) {
    ObjectNode n = views.environment(d.environment());
    ObjectNode with = n.putObject("deleted_with");
    d.agentIds().forEach(with.putArray("agents")::add);
    d.policyNames().forEach(with.putArray("policies")::add);
    d.apiKeyIds().forEach(with.putArray("api_keys")::add);
    return n;
  }

  private static String cursor(String value) {
    if (value == null) {
      return null;
    }
    try {
      String slug = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      if (Environment.SLUG.matcher(slug).matches()) {
        return slug;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_parameter", "cursor", "cursor: not a cursor from a previous page");
  }
}
