package dev.airlock.proxy.policy;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.Verb;
import java.util.List;

/**
 * Everything the policy engine may look at about one request. Built by the data plane (or the
 * offline tester) from the normalizer and detector results; the engine does no I/O.
 *
 * @param tool tool name
 * @param operation operation name
 * @param verb READ/WRITE/ADMIN
 * @param host destination host (lower case)
 * @param method upper-case HTTP method
 * @param path request path (no query)
 * @param body inspected body text ("" when none or not inspected)
 * @param findings detector findings over the body/query/headers
 * @param externalPrincipal true when a recipient is outside the tenant's org domains
 * @param gitPush ref updates for a git push, else null
 * @param observations what the data plane observed around the request (time, history, feeds)
 */
public record RequestFacts(
    String tool,
    String operation,
    Verb verb,
    String host,
    String method,
    String path,
    String body,
    List<Finding> findings,
    boolean externalPrincipal,
    GitPush gitPush,
    Observations observations) {

  /** Facts of the request alone, with nothing observed around it. */
  public RequestFacts(String tool, String operation, Verb verb, String host, String method, String path, String body,
      List<Finding> findings, boolean externalPrincipal, GitPush gitPush) {
    this(tool, operation, verb, host, method, path, body, findings, externalPrincipal, gitPush, Observations.NONE);
  }

  public RequestFacts withObservations(Observations o) {
    return new RequestFacts(tool, operation, verb, host, method, path, body, findings, externalPrincipal, gitPush, o);
  }

  public RequestFacts {
    requireNonNull(tool, "tool");
    requireNonNull(operation, "operation");
    requireNonNull(verb, "verb");
    requireNonNull(host, "host");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    body = body == null ? "" : body;
    findings = List.copyOf(findings);
    observations = observations == null ? Observations.NONE : observations;
  }
}
