package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.admin.store.ListPage;
import dev.airlock.admin.store.PolicyChange;
import dev.airlock.admin.store.PolicyRepository;
import dev.airlock.admin.store.Principal;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.admin.store.ValidatedPolicy;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /api/v1/policies/{name}/…}: the history of one policy ({@code versions}, {@code
 * versions/{n}}, {@code diff?from=&to=}) and the changes made from it: {@code rollback} (a new
 * version equal to an old one) and {@code promote} (the version in force in one environment
 * becomes a version of the policy of that name in another). Rollback and promote take {@code
 * dry_run}: they then answer the diff and store nothing. A change to the document in force stores
 * nothing either, and says so ({@code changed: false}).
 */
final class PolicyHistoryHandler implements ResourceHandler {
  private static final Set<String> ROLLBACK_FIELDS = Set.of("to", "dry_run");
  private static final Set<String> PROMOTE_FIELDS = Set.of("from", "to", "dry_run");

  private final PolicyRepository policies;
  private final EnvironmentRepository environments;
  private final PolicySelector selector;
  private final PolicyChanges changes;
  private final ObjectMapper json;
  private final Views views;
  private final Envelope envelope;
  private final Runnable changed;

  PolicyHistoryHandler(PolicyRepository policies, EnvironmentRepository environments, PolicyChanges changes,
      ObjectMapper json, Views views, Envelope envelope, Runnable changed) {
    this.policies = policies;
    this.environments = environments;
    this.selector = new PolicySelector(policies);
    this.changes = changes;
    this.json = json;
    this.views = views;
    this.envelope = envelope;
    this.changed = changed;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    List<String> path = req.segments();
    String name = path.get(1);
    String action = path.get(2);
    boolean get = req.isGet();
    boolean post = HttpMethod.POST.equals(req.method());
    if (action.equals("versions") && path.size() == 3 && get) {
      return versions(req, name);
    }
    if (action.equals("versions") && path.size() == 4 && get) {
      return version(req, name, path.get(3));
    }
    if (action.equals("diff") && path.size() == 3 && get) {
      return diff(req, name);
    }
    if (action.equals("rollback") && path.size() == 3 && post) {
      return rollback(req, name);
    }
    if (action.equals("promote") && path.size() == 3 && post) {
      return promote(req, name);
    }
    boolean known = path.size() == 3 && Set.of("versions", "diff", "rollback", "promote").contains(action)
        || path.size() == 4 && action.equals("versions");
    if (known) {
      throw ApiException.methodNotAllowed(req);
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse versions(ApiRequest req, String name) {
    List<String> envNames = selector.envNames(req, name);
    Integer before = versionCursor(req.param("cursor"));
    ListPage<StoredPolicy> page = policies.versions(name, envNames, ListParams.limit(req.param("limit")), before);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(p -> {
      ObjectNode view = views.policy(p);
      view.remove("document");
      items.add(view);
    });
    StoredPolicy last = page.continueAfter();
    return envelope.list(req, items, last == null ? null : "v" + last.version(), page.total());
  }

  private ApiResponse version(ApiRequest req, String name, String number) {
    List<String> envNames = selector.envNames(req, name);
    return envelope.ok(req, views.policy(find(name, envNames, versionNumber("version", number))));
  }

  /** {@code ?from=&to=}: to defaults to the current version, from to the one before it. */
  private ApiResponse diff(ApiRequest req, String name) {
    List<String> envNames = selector.envNames(req, name);
    String toParam = req.param("to");
    String fromParam = req.param("from");
    StoredPolicy to = toParam == null
        ? policies.current(name, envNames).orElseThrow(() -> ApiException.notFound("policy " + name + " has no"
            + " current version"))
        : find(name, envNames, versionNumber("to", toParam));
    StoredPolicy from = fromParam == null
        ? policies.versionBefore(name, envNames, to.version()).orElse(null)
        : find(name, envNames, versionNumber("from", fromParam));
    ValidatedPolicy next = changes.validate(to.documentJson());
    return envelope.ok(req, changes.diff(from, next, "v" + to.version(), to.version()));
  }

  private ApiResponse rollback(ApiRequest req, String name) {
    JsonBody body = JsonBody.parse(json, req, ROLLBACK_FIELDS);
    if (body.node("to") == null) {
      throw ApiException.unprocessable("invalid_field", "to", "to: missing (expected: the version to roll back to)");
    }
    int version = body.integer("to", 0);
    if (version < 1) {
      throw ApiException.unprocessable("invalid_field", "to", "to: " + version + " (expected: a version number, 1 or"
          + " more)");
    }
    List<String> envNames = selector.envNames(req, name);
    Scopes.requireChangePolicy(req.principal(), envNames);
    StoredPolicy target = find(name, envNames, version);
    StoredPolicy current = policies.current(name, envNames).orElse(null);
    ValidatedPolicy next = changes.validate(target.documentJson());
    ObjectNode diff = changes.diff(current, next, "v" + version + " (rollback)", null);
    return change(req, body.bool("dry_run", false), next, diff, "policy.rollback",
        after -> after.put("rolled_back_to", version));
  }

  private ApiResponse promote(ApiRequest req, String name) {
    JsonBody body = JsonBody.parse(json, req, PROMOTE_FIELDS);
    String from = required(body, "from");
    String to = required(body, "to");
    if (from.equals(to)) {
      throw ApiException.unprocessable("invalid_field", "to", "to: \"" + to + "\" (expected: another environment"
          + " than from)");
    }
    Principal who = req.principal();
    Scopes.requireVisible(who, from, "environment not found: " + from);
    Scopes.requireCreateIn(who, to);
    for (String env : List.of(from, to)) {
      if (environments.find(env).isEmpty()) {
        throw ApiException.notFound("environment not found: " + env);
      }
    }
    StoredPolicy source = policies.listCurrent(from).stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> ApiException.notFound("policy " + name + " does not apply to environment " + from));
    ValidatedPolicy next = changes.validate(retargeted(source.documentJson(), to));
    StoredPolicy current = policies.current(name, next.envNames()).orElse(null);
    ObjectNode diff = changes.diff(current, next, "(from " + from + " v" + source.version() + ")", null);
    return change(req, body.bool("dry_run", false), next, diff, "policy.promote", after -> {
      ObjectNode origin = after.putObject("promoted_from");
      origin.put("env", from);
      origin.put("policy_id", source.id());
      origin.put("version", source.version());
      source.envNames().forEach(origin.putArray("env_names")::add);
    });
  }

  /** Stores {@code next} unless this is a dry run or it is already in force; answers what happened. */
  private ApiResponse change(ApiRequest req, boolean dryRun, ValidatedPolicy next, ObjectNode diff, String action,
      Consumer<ObjectNode> origin) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("dry_run", dryRun);
    if (dryRun) {
      data.put("changed", diff.path("changed").asBoolean());
      data.putNull("policy");
      data.set("diff", diff);
      return envelope.ok(req, data);
    }
    PolicyChange result = policies.apply(next, true, req.actor(), changes.audit(action, next, origin));
    if (result.stored()) {
      changed.run();
    }
    data.put("changed", result.stored());
    data.set("policy", views.policy(result.after()));
    data.set("diff", diff);
    return envelope.data(req, result.stored() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, data);
  }

  /** The document with env_names replaced by [env]. */
  private String retargeted(String document, String env) {
    try {
      ObjectNode doc = (ObjectNode) json.readTree(document);
      doc.putArray("env_names").add(env);
      return json.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored policy document is not JSON", e);
    }
  }

  private StoredPolicy find(String name, List<String> envNames, int version) {
    return policies.version(name, envNames, version)
        .orElseThrow(() -> ApiException.notFound("policy " + name + " has no version " + version));
  }

  private static String required(JsonBody body, String field) {
    String value = body.text(field, null);
    if (value == null) {
      throw ApiException.unprocessable("invalid_field", field, field + ": missing (expected: an environment)");
    }
    return value;
  }

  private static int versionNumber(String field, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("invalid_parameter", field, field + ": \"" + value + "\" (expected: a version"
        + " number, 1 or more)");
  }

  private static Integer versionCursor(String value) {
    if (value == null) {
      return null;
    }
    if (value.startsWith("v")) {
      try {
        return Integer.parseInt(value.substring(1));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw ApiException.badRequest("invalid_parameter", "cursor", "cursor: not a cursor from a previous page");
  }
}
