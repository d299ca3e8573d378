package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.server.ScanService;
import dev.airlock.proxy.server.Verdict;
import dev.airlock.proxy.spi.AgentIdentity;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /api/v1/scan}: an agent that calls its tools itself (an SDK) asks what the proxy
 * would decide for a request. Authenticated with the agent's own key ({@link AgentKeyAuth}), not
 * an admin key; decided by the proxy's own path ({@link ScanService}), which writes one trace.
 *
 * <p>{@code tool} and {@code operation} are hints only: the decision always uses what the tool
 * catalog makes of the request (a caller cannot talk its way into a laxer rule), and a hint that
 * disagrees is reported in {@code warnings}.
 */
final class ScanHandler {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AgentKeyAuth auth;
  private final ScanService service;
  private final ScanRequestReader reader;
  private final Envelope envelope;

  ScanHandler(ScanBackend backend, ObjectMapper json, Envelope envelope) {
    this.auth = new AgentKeyAuth(backend.agents());
    this.service = backend.service();
    this.reader = new ScanRequestReader(json);
    this.envelope = envelope;
  }

  ApiResponse handle(ApiRequest req) {
    AgentIdentity agent = auth.authenticate(req.authorization());
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    ScanRequestReader.ScanRequest scan = reader.read(req);
    if (scan.env() != null && !scan.env().equals(agent.env())) {
      throw ApiException.forbidden("env: the key of agent " + agent.agentName() + " belongs to environment "
          + agent.env() + "; a scan may only narrow to it");
    }
    ScanService.Result result = service.scan(agent, scan.request());
    return envelope.ok(req, view(result, scan));
  }

  private static ObjectNode view(ScanService.Result result, ScanRequestReader.ScanRequest scan) {
    Verdict v = result.verdict();
    Decision d = v.decision();
    ToolCall call = v.call();
    ObjectNode out = NODES.objectNode();
    out.put("decision", d.action().name());
    out.put("enforced_action", v.enforced().name());
    ArrayNode reasons = out.putArray("reasons");
    d.reasons().forEach(reasons::add);
    out.put("rule", d.ruleRef());
    out.put("severity", d.severity().name());
    out.put("risk_score", d.riskScore());
    out.put("tool", call.tool());
    out.put("operation", call.operation());
    out.put("verb", call.verb().name());
    ArrayNode classes = out.putArray("data_classes");
    v.dataClasses().forEach(classes::add);
    ArrayNode bound = out.putArray("bound_data_classes");
    v.boundDataClasses().forEach(bound::add);
    ArrayNode found = out.putArray("found");
    v.egressPlaces().forEach(found::add);
    out.put("trace_id", result.traceId());
    ScanService.Approval approval = result.approval();
    if (approval != null) {
      // As the proxy's answer to a request held for approval: which approval, where it stands, when to retry.
      out.put("approval_id", approval.id());
      out.put("status", approval.status());
      if (approval.retryAfterSeconds() > 0) {
        out.put("retry_after", approval.retryAfterSeconds());
      }
    }
    if (v.enforced() == Action.SANITIZE) {
      byte[] body = v.redactedBody() != null ? v.redactedBody() : result.body();
      out.put("redacted_body", new String(body, StandardCharsets.UTF_8));
    }
    ArrayNode warnings = out.putArray("warnings");
    if (scan.tool() != null && !scan.tool().equals(call.tool())) {
      warnings.add("tool: the hint " + scan.tool() + " differs from the tool the catalog recognises ("
          + call.tool() + "); the recognised one was used");
    }
    if (scan.operation() != null && !scan.operation().equals(call.operation())) {
      warnings.add("operation: the hint " + scan.operation() + " differs from the operation the catalog recognises ("
          + call.operation() + "); the recognised one was used");
    }
    return out;
  }
}
