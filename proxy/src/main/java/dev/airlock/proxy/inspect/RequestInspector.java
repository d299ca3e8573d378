package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.PackText;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.RequestFacts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes a request to a tool call and runs the detectors over its body and query: the part of
 * the pipeline shared by the proxy, the offline policy tester and the scan API.
 */
public final class RequestInspector {
  /** CONNECT tunnels that are not intercepted are decided on the host alone. */
  public static final ToolCall HOST_CONNECT = ToolCall.of("host", "connect", Verb.READ);

  private final ToolCatalog catalog;
  private final Detectors detectors;
  private final ExternalPrincipals principals;

  public RequestInspector(ToolCatalog catalog, Detectors detectors, ExternalPrincipals principals) {
    this.catalog = catalog;
    this.detectors = detectors;
    this.principals = principals;
  }

  public ToolCall normalize(InspectedRequest req) {
    return req.method().equals("CONNECT") ? HOST_CONNECT : catalog.normalize(req);
  }

  public Inspection inspect(InspectedRequest req) {
    ToolCall call = normalize(req);
    String body = req.bodyInspected() && scannable(call) ? req.bodyText() : "";
    List<Finding> bodyFindings = body.isEmpty() ? List.of() : detectors.scan(body);
    List<Finding> other = new ArrayList<>();
    if (req.query() != null && !req.query().isEmpty()) {
      other.addAll(detectors.scan(decodeQuery(req.query())));
    }
    other.addAll(packFindings(call.gitPush()));
    List<Finding> all = new ArrayList<>(bodyFindings);
    all.addAll(other);
    RequestFacts facts = new RequestFacts(call.tool(), call.operation(), call.verb(), req.host(), req.method(),
        req.path(), body, all, principals.isExternal(call), call.gitPush());
    return new Inspection(call, body, bodyFindings, other, facts);
  }

  /**
   * Every body is scanned as text except a push the git normalizer parsed: its pack is
   * zlib-compressed binary that text scanning cannot read. What the agent declares (Content-Type
   * included) never decides this, or any body could be hidden by labelling it as a git pack.
   */
  private static boolean scannable(ToolCall call) {
    return call.gitPush() == null;
  }

  /**
   * The files and commit messages a push carries, each scanned on its own. They sit compressed in
   * the pack, so their findings cannot be redacted in place: they count like the query's.
   */
  private List<Finding> packFindings(GitPush push) {
    if (push == null || push.packTexts().isEmpty()) {
      return List.of();
    }
    List<Finding> found = new ArrayList<>();
    for (PackText t : push.packTexts()) {
      found.addAll(detectors.scan(t.text()));
    }
    return found;
  }

  private static String decodeQuery(String query) {
    try {
      return URLDecoder.decode(query, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return query; // malformed escapes: scan the raw text
    }
  }
}
