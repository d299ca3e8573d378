package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.admin.store.PolicyRepository;
import dev.airlock.admin.store.PolicyValidator;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.admin.store.ValidatedPolicy;
import dev.airlock.proxy.policy.PolicyException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /api/v1/policies}: list, get, apply (new version), validate, delete. */
final class PoliciesHandler implements ResourceHandler {
  private final PolicyRepository policies;
  private final EnvironmentRepository environments;
  private final PolicyValidator validator;
  private final PolicyBody policyBody;
  private final Views views;
  private final Envelope envelope;
  private final Runnable changed;

  PoliciesHandler(
      PolicyRepository policies,
      EnvironmentRepository environments,
      PolicyValidator validator,
      PolicyBody policyBody,
      Views views,
      Envelope envelope,
      Runnable changed) {
    this.policies = policies;
    this.environments = environments;
    this.validator = validator;
    this.policyBody = policyBody;
    this.views = views;
    this.envelope = envelope;
    this.changed = changed;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    int size = req.segments().size();
    if (size == 1) {
      if (req.isGet()) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        policies.listCurrent(req.param("env")).forEach(p -> items.add(views.policy(p)));
        return envelope.list(req, items, null);
      }
      if (HttpMethod.POST.equals(req.method())) {
        return apply(req);
      }
      throw ApiException.methodNotAllowed(req);
    }
    if (size == 2 && req.segments().get(1).equals("validate")) {
      if (!HttpMethod.POST.equals(req.method())) {
        throw ApiException.methodNotAllowed(req);
      }
      validate(policyBody.scopedTo(req, null));
      ObjectNode data = JsonNodeFactory.instance.objectNode().put("valid", true);
      return envelope.ok(req, data);
    }
    if (size == 2) {
      String id = req.segments().get(1);
      if (req.isGet()) {
        return policies.find(id)
            .map(p -> envelope.ok(req, views.policy(p)))
            .orElseThrow(() -> ApiException.notFound("policy not found: " + id));
      }
      if (HttpMethod.DELETE.equals(req.method())) {
        if (!policies.delete(id)) {
          throw ApiException.notFound("policy not found: " + id);
        }
        changed.run();
        return envelope.ok(req, JsonNodeFactory.instance.objectNode().put("deleted", true));
      }
      throw ApiException.methodNotAllowed(req);
    }
    throw ApiException.notFound("no such resource: " + req.path());
  }

  private ApiResponse apply(ApiRequest req) {
    String env = req.param("env");
    if (env != null && environments.find(env).isEmpty()) {
      throw ApiException.notFound("environment not found: " + env);
    }
    StoredPolicy stored = policies.apply(validate(policyBody.scopedTo(req, env)));
    changed.run();
    return envelope.data(req, HttpResponseStatus.CREATED, views.policy(stored));
  }

  private ValidatedPolicy validate(String text) {
    if (text.isBlank()) {
      throw ApiException.unprocessable("invalid_policy", "", "document is empty");
    }
    try {
      return validator.validate(text);
    } catch (PolicyException e) {
      throw ApiException.unprocessable("invalid_policy", e.path(), e.getMessage());
    }
  }
}
