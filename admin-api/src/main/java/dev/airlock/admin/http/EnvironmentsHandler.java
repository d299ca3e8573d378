package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** {@code /api/v1/environments} and {@code /api/v1/environments/{slug}}. */
final class EnvironmentsHandler implements ResourceHandler {
  private static final Set<String> FIELDS =
      Set.of("slug", "name", "description", "is_production", "enforcement_mode", "default_action",
          "approval_hold_seconds", "scrutiny_multiplier");

  private final EnvironmentRepository environments;
  private final ObjectMapper json;
  private final Views views;
  private final Envelope envelope;
  private final Runnable changed;

  EnvironmentsHandler(
      EnvironmentRepository environments, ObjectMapper json, Views views, Envelope envelope, Runnable changed) {
    this.environments = environments;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
    this.changed = changed;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (req.segments().size() == 1) {
      if (req.isGet()) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        environments.list().forEach(e -> items.add(views.environment(e)));
        return envelope.list(req, items, null);
      }
      if (HttpMethod.POST.equals(req.method())) {
        return create(req);
      }
      throw ApiException.methodNotAllowed(req);
    }
    if (req.segments().size() == 2) {
      if (!req.isGet()) {
        throw ApiException.methodNotAllowed(req);
      }
      String slug = req.segments().get(1);
      return environments
          .find(slug)
          .map(e -> envelope.ok(req, views.environment(e)))
          .orElseThrow(() -> ApiException.notFound("environment not found: " + slug));
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse create(ApiRequest req) {
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    String slug = body.text("slug", null);
    if (slug == null || !Environment.SLUG.matcher(slug).matches()) {
      throw ApiException.unprocessable(
          "invalid_slug", "slug", "slug: " + (slug == null ? "missing" : "\"" + slug + "\"")
              + " (expected: ^[a-z][a-z0-9-]{1,49}$)");
    }
    int hold = body.integer("approval_hold_seconds", 25);
    double multiplier = body.number("scrutiny_multiplier", 1.0);
    if (hold < 0) {
      throw ApiException.unprocessable("invalid_field", "approval_hold_seconds",
          "approval_hold_seconds: " + hold + " (expected: >= 0)");
    }
    if (!(multiplier > 0)) {
      throw ApiException.unprocessable("invalid_field", "scrutiny_multiplier",
          "scrutiny_multiplier: " + multiplier + " (expected: > 0)");
    }
    Environment env =
        new Environment(
            slug,
            body.text("name", slug),
            body.text("description", ""),
            body.bool("is_production", false),
            mode(body.text("enforcement_mode", "enforce")),
            action(body.text("default_action", "ALLOW")),
            hold,
            multiplier,
            null,
            null);
    Environment created = environments.create(env, req.actor(),
        (before, after) -> new AuditChange("environment.create", "environment", after.slug(), after.slug(), null,
            views.environment(after)));
    changed.run();
    return envelope.data(req, HttpResponseStatus.CREATED, views.environment(created));
  }

  private static EnforcementMode mode(String value) {
    for (EnforcementMode m : EnforcementMode.values()) {
      if (m.wireName().equals(value)) {
        return m;
      }
    }
    throw ApiException.unprocessable("invalid_enforcement_mode", "enforcement_mode",
        "enforcement_mode: \"" + value + "\" (expected: monitor, alert, enforce)");
  }

  private static Action action(String value) {
    try {
      return Action.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable("invalid_default_action", "default_action",
          "default_action: \"" + value + "\" (expected: " + Arrays.toString(Action.values()) + ")");
    }
  }
}
