package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.admin.store.ListPage;
import dev.airlock.admin.store.PolicyRepository;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.admin.store.ValidatedPolicy;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code /api/v1/policies}: list, get, apply (new version), validate, diff a candidate, delete; the
 * simulation ({@code /simulate}) and everything under a policy's name ({@code /{name}/…}: versions,
 * diff, rollback, promote) are served by their own handlers.
 */
final class PoliciesHandler implements ResourceHandler {
  private final PolicyRepository policies;
  private final EnvironmentRepository environments;
  private final PolicyChanges changes;
  private final PolicyBody policyBody;
  private final Views views;
  private final Envelope envelope;
  private final Runnable changed;
  private final ResourceHandler simulation;
  private final ResourceHandler history;

  PoliciesHandler(
      PolicyRepository policies,
      EnvironmentRepository environments,
      PolicyChanges changes,
      PolicyBody policyBody,
      Views views,
      Envelope envelope,
      Runnable changed,
      ResourceHandler simulation,
      ResourceHandler history) {
    this.policies = policies;
    this.environments = environments;
    this.changes = changes;
    this.policyBody = policyBody;
    this.views = views;
    this.envelope = envelope;
    this.changed = changed;
    this.simulation = simulation;
    this.history = history;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    int size = req.segments().size();
    if (size == 1) {
      if (req.isGet()) {
        return list(req);
      }
      if (HttpMethod.POST.equals(req.method())) {
        return apply(req);
      }
      throw ApiException.methodNotAllowed(req);
    }
    if (size >= 3) {
      return history.handle(req);
    }
    String second = req.segments().get(1);
    switch (second) {
      case "validate" -> {
        requirePost(req);
        changes.validate(policyBody.scopedTo(req, null));
        return envelope.ok(req, JsonNodeFactory.instance.objectNode().put("valid", true));
      }
      case "diff" -> {
        requirePost(req);
        return diffCandidate(req);
      }
      case "simulate" -> {
        return simulation.handle(req);
      }
      default -> {
        return one(req, second);
      }
    }
  }

  private ApiResponse list(ApiRequest req) {
    String env = Scopes.listEnv(req.principal(), req.param("env"));
    String[] after = cursor(req.param("cursor"));
    ListPage<StoredPolicy> page = policies.listCurrent(env, ListParams.limit(req.param("limit")),
        after == null ? null : after[0], after == null ? null : after[1]);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(p -> items.add(views.policy(p)));
    StoredPolicy last = page.continueAfter();
    return envelope.list(req, items, last == null ? null : encode(last.name() + "\n" + last.id()), page.total());
  }

  private ApiResponse one(ApiRequest req, String id) {
    StoredPolicy policy = policies.find(id).orElseThrow(() -> ApiException.notFound("policy not found: " + id));
    Scopes.requireVisiblePolicy(req.principal(), policy.envNames(), "policy not found: " + id);
    if (req.isGet()) {
      return envelope.ok(req, views.policy(policy));
    }
    if (!HttpMethod.DELETE.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    Scopes.requireChangePolicy(req.principal(), policy.envNames());
    StoredPolicy current = policies.current(policy.name(), policy.envNames())
        .orElseThrow(() -> ApiException.notFound("policy not found: " + id));
    if (!policies.delete(current, req.actor(), changes.deletion(current))) {
      throw ApiException.notFound("policy not found: " + id);
    }
    changed.run();
    return envelope.ok(req, JsonNodeFactory.instance.objectNode().put("deleted", true));
  }

  private ApiResponse apply(ApiRequest req) {
    ValidatedPolicy policy = candidate(req, true);
    Scopes.requireChangePolicy(req.principal(), sorted(policy));
    StoredPolicy stored = policies.apply(policy, false, req.actor(), changes.audit("policy.apply", policy, null))
        .after();
    changed.run();
    return envelope.data(req, HttpResponseStatus.CREATED, views.policy(stored));
  }

  /** {@code POST /policies/diff?env=E}: what applying the body would change (nothing is stored). */
  private ApiResponse diffCandidate(ApiRequest req) {
    ValidatedPolicy policy = candidate(req, false);
    Scopes.requireVisiblePolicy(req.principal(), sorted(policy), "policy not found: " + policy.name());
    StoredPolicy current = policies.current(policy.name(), policy.envNames()).orElse(null);
    return envelope.ok(req, changes.diff(current, policy, "(candidate)", null));
  }

  /**
   * The body as a validated document for environment {@code ?env=E} (see {@link PolicyBody}); a
   * key limited to one environment writes there when neither the query nor the document says.
   *
   * @param write whether the document is to be stored (another environment is then forbidden, not
   *     merely unknown)
   */
  private ValidatedPolicy candidate(ApiRequest req, boolean write) {
    Principal who = req.principal();
    String env = req.param("env");
    if (env != null) {
      if (write) {
        Scopes.requireCreateIn(who, env);
      } else {
        Scopes.listEnv(who, env);
      }
      if (environments.find(env).isEmpty()) {
        throw ApiException.notFound("environment not found: " + env);
      }
      return changes.validate(policyBody.scopedTo(req, env));
    }
    return changes.validate(who.isTenantWide() ? req.bodyText() : policyBody.defaultedTo(req, who.env()));
  }

  private static List<String> sorted(ValidatedPolicy policy) {
    return List.copyOf(new java.util.TreeSet<>(policy.envNames()));
  }

  private static void requirePost(ApiRequest req) {
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
  }

  private static String encode(String position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  /** (name, id) of the last policy of the previous page, or null. */
  private static String[] cursor(String value) {
    if (value == null) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\n", -1);
      if (parts.length == 2 && !parts[0].isEmpty() && parts[1].startsWith("pol_")) {
        return parts;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_parameter", "cursor", "cursor: not a cursor from a previous page");
  }
}
