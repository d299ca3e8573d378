package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.PackText;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.normalize.grpc.GrpcRequests;
import dev.airlock.proxy.normalize.grpc.GrpcText;
import dev.airlock.proxy.policy.RequestFacts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Normalizes a request to a tool call and runs the detectors over its body, URL and headers,
 * telling the agent's own credentials from data leaving: the part of the pipeline shared by the
 * proxy, the offline policy tester and the scan API.
 */
public final class RequestInspector {
  /** CONNECT tunnels that are not intercepted are decided on the host alone. */
  public static final ToolCall HOST_CONNECT = ToolCall.of("host", "connect", Verb.READ);

  private final Supplier<ToolCatalog> catalog;
  private final Detectors detectors;
  private final ExternalPrincipals principals;
  private final CredentialBinding binding;
  private final EnvelopeScan envelopes;

  public RequestInspector(ToolCatalog catalog, Detectors detectors, ExternalPrincipals principals) {
    this(() -> catalog, detectors, principals);
  }

  /**
   * @param catalog the catalog in force, asked once per request: a node that learns new tools
   *     swaps the catalog it supplies without restarting
   */
  public RequestInspector(Supplier<ToolCatalog> catalog, Detectors detectors, ExternalPrincipals principals) {
    this.catalog = catalog;
    this.detectors = detectors;
    this.principals = principals;
    this.binding = new CredentialBinding(detectors);
    this.envelopes = new EnvelopeScan(detectors);
  }

  public ToolCall normalize(InspectedRequest req) {
    return req.method().equals("CONNECT") ? HOST_CONNECT : catalog.get().normalize(req);
  }

  public Inspection inspect(InspectedRequest req) {
    ToolCall named = normalize(req);
    boolean external = principals.isExternal(named);
    ToolCall call = external ? named.whenExternal() : named;
    String body = req.bodyInspected() && scannable(call) ? req.bodyText() : "";
    Sorter found = new Sorter(req.host());
    if (!body.isEmpty()) {
      for (Finding f : detectors.scan(body)) {
        found.add(f, null, "the body", found.body);
      }
      if (body.indexOf('\0') >= 0) {
        for (String utf16 : Utf16Text.of(req.body())) {
          for (Finding f : detectors.scan(utf16)) {
            found.add(f, null, "the body (UTF-16)", found.other);
          }
        }
      }
    }
    if (!body.isEmpty() && GrpcRequests.isGrpc(req)) {
      // The strings of the protobuf messages, one per line: the raw scan above sees them glued to
      // binary field keys and lengths, where word-bounded rules may not match.
      String texts = String.join("\n", GrpcText.of(req.body()));
      if (!texts.isEmpty()) {
        for (Finding f : detectors.scan(texts)) {
          found.add(f, null, "a gRPC message", found.other);
        }
      }
    }
    EnvelopeScan.Result envelope = envelopes.scan(req);
    for (EnvelopeScan.Located at : envelope.findings()) {
      String place = switch (at.place()) {
        case PATH -> "the URL path";
        case QUERY -> "the query";
        case HEADER -> "header " + at.header();
      };
      found.add(at.finding(), at.header(), place, found.other);
    }
    if (call.gitPush() != null) {
      // What a push carries is never bound: a token committed and pushed to its own issuer leaks.
      for (PackText t : call.gitPush().packTexts()) {
        for (Finding f : detectors.scan(t.text())) {
          found.egress(f, "the pushed " + t.label(), found.other);
        }
      }
    }
    List<Finding> all = new ArrayList<>(found.body);
    all.addAll(found.other);
    RequestFacts facts = new RequestFacts(call.tool(), call.operation(), call.verb(), req.host(), req.method(),
        req.path(), body, all, external, call.gitPush());
    return new Inspection(call, body, found.body, found.other, found.bound, envelope.storedPath(),
        List.copyOf(found.where), facts);
  }

  /** Sorts findings into egress (body or elsewhere) and bound, noting where each egress one was. */
  private final class Sorter {
    final List<Finding> body = new ArrayList<>();
    final List<Finding> other = new ArrayList<>();
    final List<Finding> bound = new ArrayList<>();
    final Set<String> where = new LinkedHashSet<>();
    private final String host;

    Sorter(String host) {
      this.host = host;
    }

    void add(Finding f, String header, String place, List<Finding> egress) {
      if (binding.isBound(f, header, host)) {
        bound.add(f);
      } else {
        egress(f, place, egress);
      }
    }

    void egress(Finding f, String place, List<Finding> egress) {
      egress.add(f);
      where.add(f.detectorId() + " in " + place);
    }
  }

  /** The path with the secrets found in it replaced, as traces and logs keep it. */
  public String storedPath(String host, String path) {
    return envelopes.storedPath(host, path);
  }

  /**
   * Every body is scanned as text except a push the git normalizer parsed: its pack is
   * zlib-compressed binary that text scanning cannot read. What the agent declares (Content-Type
   * included) never decides this, or any body could be hidden by labelling it as a git pack.
   */
  private static boolean scannable(ToolCall call) {
    return call.gitPush() == null;
  }
}
