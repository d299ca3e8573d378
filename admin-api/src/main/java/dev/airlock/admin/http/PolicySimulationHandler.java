package dev.airlock.admin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.policies.Simulation;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.AgentRepository;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.EnvironmentRepository;
import dev.airlock.admin.store.PolicyRepository;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.admin.store.TraceRepository;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyException;
import dev.airlock.proxy.policy.PolicyParser;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/policies/simulate}: replays an environment's stored traces from {@code
 * since} (to {@code until}) against its current policies with candidate documents in place, and
 * reports how decisions would change (see {@link Simulation}). A read: auditors may run it. At
 * most {@link Simulation#MAX_TRACES} traces, newest first, streamed from the database.
 *
 * <p>Body: {@code {"env", "since", "until"?, "documents": [...] | "document": {...},
 * "examples"?, "limit"?}}. A document without env_names is taken for the environment simulated;
 * one with env_names must apply to it.
 */
final class PolicySimulationHandler implements ResourceHandler {
  private static final Set<String> FIELDS =
      Set.of("env", "since", "until", "documents", "document", "examples", "limit");

  private final PolicyRepository policies;
  private final EnvironmentRepository environments;
  private final AgentRepository agents;
  private final TraceRepository traces;
  private final ObjectMapper json;
  private final Envelope envelope;
  private final Clock clock;

  PolicySimulationHandler(PolicyRepository policies, EnvironmentRepository environments, AgentRepository agents,
      TraceRepository traces, ObjectMapper json, Envelope envelope, Clock clock) {
    this.policies = policies;
    this.environments = environments;
    this.agents = agents;
    this.traces = traces;
    this.json = json;
    this.envelope = envelope;
    this.clock = clock;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    String envName = body.text("env", null);
    if (envName == null) {
      throw ApiException.unprocessable("invalid_field", "env", "env: missing (expected: the environment whose"
          + " traces are replayed)");
    }
    Scopes.listEnv(req.principal(), envName);
    Environment env = environments.find(envName)
        .orElseThrow(() -> ApiException.notFound("environment not found: " + envName));
    Instant now = Instant.now(clock);
    Instant since = TimeParam.parse("since", body.text("since", null), now);
    if (since == null) {
      throw ApiException.unprocessable("invalid_field", "since", "since: missing (expected: an ISO-8601 instant"
          + " or a duration such as 24h)");
    }
    Instant until = TimeParam.parse("until", body.text("until", null), now);
    int limit = bounded(body, "limit", Simulation.MAX_TRACES, 1, Simulation.MAX_TRACES);
    int examples = bounded(body, "examples", Simulation.DEFAULT_EXAMPLES, 0, Simulation.MAX_EXAMPLES);
    List<PolicyDocument> candidates = candidates(body, envName);

    List<PolicyDocument> current = new ArrayList<>();
    for (StoredPolicy p : policies.listCurrent(envName)) {
      current.add(PolicyParser.parse(p.documentJson()));
    }
    PolicyEngine baseline;
    try {
      baseline = Simulation.engine(env.settings(), current);
    } catch (PolicyException e) {
      throw new ApiException(HttpResponseStatus.CONFLICT, "policy_overlap",
          "the policies in force in " + envName + " do not compile together: " + e.getMessage(), null);
    }
    PolicyEngine candidate;
    try {
      candidate = Simulation.engine(env.settings(), Simulation.candidateSet(current, candidates));
    } catch (PolicyException e) {
      throw ApiException.unprocessable("invalid_policy_set", "documents", e.getMessage());
    }
    Map<String, String> runtimeTypes = new HashMap<>();
    for (Agent a : agents.list(envName)) {
      runtimeTypes.put(a.name(), a.runtimeType());
    }
    Simulation simulation = new Simulation(baseline, candidate, runtimeTypes, limit, examples);
    // One more than the limit: reading it tells the report it was truncated.
    traces.forEach(envName, since, until, (long) limit + 1, simulation::accept);

    ObjectNode data = simulation.report().toJson();
    data.put("env", envName);
    data.put("since", since.toString());
    if (until == null) {
      data.putNull("until");
    } else {
      data.put("until", until.toString());
    }
    ArrayNode names = data.putArray("candidates");
    candidates.forEach(d -> names.add(d.name()));
    return envelope.ok(req, data);
  }

  /** The candidate documents, each scoped to the environment simulated and validated. */
  private List<PolicyDocument> candidates(JsonBody body, String env) {
    JsonNode many = body.node("documents");
    JsonNode one = body.node("document");
    if ((many == null) == (one == null)) {
      throw ApiException.unprocessable("invalid_field", "documents", "documents: give either documents (a list)"
          + " or document (one policy)");
    }
    List<JsonNode> nodes = new ArrayList<>();
    String prefix;
    if (many != null) {
      if (!many.isArray() || many.isEmpty()) {
        throw ApiException.unprocessable("invalid_field", "documents", "documents: " + many
            + " (expected: a non-empty list of policy documents)");
      }
      many.forEach(nodes::add);
      prefix = "documents";
    } else {
      nodes.add(one);
      prefix = "document";
    }
    List<PolicyDocument> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      String at = many != null ? prefix + "[" + i + "]" : prefix;
      PolicyDocument doc = parse(nodes.get(i), env, at);
      if (!seen.add(doc.name())) {
        throw ApiException.unprocessable("invalid_policy", at + ".name", at + ".name: \"" + doc.name()
            + "\" is given twice");
      }
      out.add(doc);
    }
    return out;
  }

  private PolicyDocument parse(JsonNode node, String env, String at) {
    if (!node.isObject()) {
      throw ApiException.unprocessable("invalid_policy", at, at + ": " + node + " (expected: a policy document)");
    }
    ObjectNode doc = ((ObjectNode) node).deepCopy();
    JsonNode names = doc.get("env_names");
    if (names == null || names.isNull()) {
      doc.putArray("env_names").add(env);
    }
    PolicyDocument parsed;
    try {
      parsed = PolicyParser.parse(json.writeValueAsString(doc));
    } catch (PolicyException e) {
      PolicyException under = e.under(at);
      throw ApiException.unprocessable("invalid_policy", under.path(), under.getMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    if (!parsed.appliesTo(env)) {
      throw ApiException.unprocessable("env_mismatch", at + ".env_names", at + ".env_names: "
          + parsed.envNames() + " does not include \"" + env + "\" (the environment simulated)");
    }
    return parsed;
  }

  private static int bounded(JsonBody body, String field, int fallback, int min, int max) {
    int value = body.integer(field, fallback);
    if (value < min || value > max) {
      throw ApiException.unprocessable("invalid_field", field, field + ": " + value + " (expected: " + min + ".."
          + max + ")");
    }
    return value;
  }
}
