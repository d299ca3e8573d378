package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.grpc.GrpcRequests;
import dev.airlock.proxy.normalize.mcp.BatchPart;
import dev.airlock.proxy.normalize.mcp.McpNormalizer;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.Severity;
import dev.airlock.proxy.server.RequestDecider;
import dev.airlock.proxy.server.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The data plane's decision step: inspect, ask the engine, apply the environment's enforcement
 * mode, and prepare the redacted body for SANITIZE.
 */
public final class InspectingDecider implements RequestDecider {
  /** A SANITIZE on a body that is not UTF-8 text cannot be carried out safely: it is refused. */
  public static final String CANNOT_SANITIZE = "CANNOT_SANITIZE_BINARY_BODY";
  /** Nor can a git push: its files and messages sit compressed in the pack, out of the redactor's reach. */
  public static final String CANNOT_SANITIZE_GIT_PUSH = "CANNOT_SANITIZE_GIT_PUSH";
  /**
   * Nor can a gRPC call: its strings sit inside length-prefixed (possibly compressed) protobuf
   * messages, so SANITIZE on gRPC is refused rather than forwarded with broken framing.
   */
  public static final String CANNOT_SANITIZE_GRPC = "CANNOT_SANITIZE_GRPC";
  /** An MCP request whose Mcp-Method / Mcp-Name headers contradict its body: refused before user rules. */
  public static final String MCP_HEADER_MISMATCH = "MCP_HEADER_MISMATCH";
  /**
   * On every request flagged {@link Observations#readThenWrite()}, whatever the action: a write
   * carrying a sensitive value the agent read in a recent response stays visible even when allowed.
   */
  public static final String READ_THEN_WRITE_EXFIL = "READ_THEN_WRITE_EXFIL";

  private final RequestInspector inspector;
  private final PolicyEngine engine;
  private final Redactor redactor;
  private final List<Observer> observers;
  private final Clock clock;
  private final Standing standing;

  public InspectingDecider(RequestInspector inspector, PolicyEngine engine, Redactor redactor) {
    this(inspector, engine, redactor, List.of(), Clock.systemUTC());
  }

  /**
   * @param observers consulted in order before each decision, told of it after
   * @param clock the time a request is decided at ({@link Observations#time()})
   */
  public InspectingDecider(RequestInspector inspector, PolicyEngine engine, Redactor redactor,
      List<Observer> observers, Clock clock) {
    this(inspector, engine, redactor, observers, clock, Standing.NONE);
  }

  private InspectingDecider(RequestInspector inspector, PolicyEngine engine, Redactor redactor,
      List<Observer> observers, Clock clock, Standing standing) {
    this.inspector = inspector;
    this.engine = engine;
    this.redactor = redactor;
    this.observers = List.copyOf(observers);
    this.clock = clock;
    this.standing = standing;
  }

  /** This decider with each agent's trust and pinned scrutiny read from {@code standing} before deciding. */
  public InspectingDecider withStanding(Standing standing) {
    return new InspectingDecider(inspector, engine, redactor, observers, clock, standing);
  }

  @Override
  public Verdict decide(InspectedRequest req, AgentContext agent) {
    long start = System.nanoTime();
    Inspection in = inspector.inspect(req);
    if (McpNormalizer.headerMismatch(in.call()) != null) {
      // A built-in guard, whatever the enforcement mode: the request would pass as one call and run as another.
      return new Verdict(in.call(), Decision.guard(Action.DENY, MCP_HEADER_MISMATCH, Severity.HIGH), Action.DENY,
          in.detectorIds(), in.boundDetectorIds(), in.egressPlaces(), in.storedPath(), null, micros(start));
    }
    if (McpNormalizer.isBatch(in.call())) {
      List<BatchPart> parts = McpNormalizer.batchParts(req);
      if (!parts.isEmpty()) {
        return decideBatch(req, in.call(), parts, agent, start);
      }
    }
    return decideInspected(req, in, agent, start);
  }

  /** Each message of a JSON-RPC batch decided as if sent alone, then one verdict for the batch. */
  private Verdict decideBatch(InspectedRequest req, ToolCall batch, List<BatchPart> parts, AgentContext agent,
      long start) {
    List<Verdict> verdicts = new ArrayList<>(parts.size());
    for (BatchPart p : parts) {
      InspectedRequest one = new InspectedRequest(req.scheme(), req.host(), req.port(), req.method(), req.path(),
          req.query(), req.headers(), p.bytesOf(req.body()), req.bodyInspected(), req.address());
      verdicts.add(decideInspected(one, inspector.inspect(one), agent, start));
    }
    return McpBatchVerdict.combine(batch, req.body(), parts, verdicts, micros(start));
  }

  private static long micros(long startNanos) {
    return (System.nanoTime() - startNanos) / 1000;
  }

  private Verdict decideInspected(InspectedRequest req, Inspection in, AgentContext agent, long start) {
    Instant now = clock.instant();
    agent = standing.of(agent, now);
    Observations observed = Observations.NONE.withTime(now);
    for (int i = 0; i < observers.size(); i++) {
      observed = observers.get(i).observe(observed, req, in, agent);
    }
    Decision guard = BuiltinGuards.check(in.call(), req.host(), agent, observed);
    Decision d = withObservedReasons(guard != null ? guard
        : engine.decide(in.facts().withObservations(observed), agent), observed);
    for (int i = 0; i < observers.size(); i++) {
      observers.get(i).decided(req, in, agent, d, observed);
    }
    EnforcementMode mode = engine.settings(agent.env()).mode();
    Action enforced = guard != null ? Action.DENY : mode == EnforcementMode.ENFORCE ? d.action() : Action.ALLOW;
    byte[] redacted = null;
    if (enforced == Action.SANITIZE && in.call().gitPush() != null && !d.redactClasses().isEmpty()) {
      d = refused(d, CANNOT_SANITIZE_GIT_PUSH);
      enforced = Action.DENY;
    } else if (enforced == Action.SANITIZE && GrpcRequests.isGrpc(req) && !d.redactClasses().isEmpty()) {
      d = refused(d, CANNOT_SANITIZE_GRPC);
      enforced = Action.DENY;
    } else if (enforced == Action.SANITIZE && !in.bodyFindings().isEmpty() && !d.redactClasses().isEmpty()) {
      if (isUtf8(req.body())) {
        String out = redactor.redact(in.bodyText(), req.mediaType(), in.bodyFindings(), d.redactClasses());
        if (!out.equals(in.bodyText())) {
          redacted = out.getBytes(StandardCharsets.UTF_8);
        }
      } else {
        d = refused(d, CANNOT_SANITIZE);
        enforced = Action.DENY;
      }
    }
    return new Verdict(withoutPackTexts(in.call()), d, enforced, in.detectorIds(), in.boundDetectorIds(),
        in.egressPlaces(), in.storedPath(), redacted, micros(start));
  }

  private static Decision withObservedReasons(Decision d, Observations observed) {
    if (!observed.readThenWrite() || d.reasons().contains(READ_THEN_WRITE_EXFIL)) {
      return d;
    }
    List<String> reasons = new ArrayList<>(d.reasons());
    reasons.add(READ_THEN_WRITE_EXFIL);
    return new Decision(d.action(), reasons, d.ruleRef(), d.severity(), d.riskScore(), d.redactClasses(), d.risk());
  }

  private static Decision refused(Decision d, String reason) {
    List<String> reasons = new ArrayList<>(d.reasons());
    reasons.add(reason);
    return new Decision(Action.DENY, reasons, d.ruleRef(), d.severity(), d.riskScore(), d.redactClasses(),
        d.risk());
  }

  /** A push's texts are scanned by now; the verdict lives as long as the exchange and need not hold them. */
  private static ToolCall withoutPackTexts(ToolCall call) {
    GitPush push = call.gitPush();
    return push == null || push.packTexts().isEmpty() ? call
        : new ToolCall(call.tool(), call.operation(), call.verb(), push.withoutTexts(), call.recipients(),
            call.attributes());
  }

  @Override
  public ToolCall normalize(InspectedRequest request) {
    return inspector.normalize(request);
  }

  @Override
  public String storedPath(String host, String path) {
    return inspector.storedPath(host, path);
  }

  @Override
  public EnforcementMode mode(String env) {
    return engine.settings(env).mode();
  }

  @Override
  public int approvalHoldSeconds(String env) {
    return engine.settings(env).approvalHoldSeconds();
  }

  private static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
