package dev.airlock.proxy.exfil;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.Observer;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Observations;
import java.util.List;
import java.util.Map;

/**
 * Flags a write that carries a sensitive value the agent read in a recent response
 * ({@link Observations#readThenWrite()}) when it goes to an external destination: a WRITE or ADMIN
 * operation on a tool or host other than every one the value was read from. Writing a value back
 * where it came from (replying in the Slack thread that mentioned an address) is not flagged.
 *
 * <p>The values are those the request detectors found as egress: the body's findings are looked up
 * directly; findings in the URL or headers (rare) are found again there to learn their values.
 */
public final class ReadThenWriteObserver implements Observer {
  /** Told of each flagged request after its decision: where an incident would be opened. */
  public interface Listener {
    Listener NONE = (agent, call, host, decision) -> {};

    void flagged(AgentContext agent, ToolCall call, String host, Decision decision);
  }

  private final ReadFingerprints reads;
  private final ValueFingerprints fingerprints;
  private final Detectors detectors;
  private final Listener listener;

  public ReadThenWriteObserver(ReadFingerprints reads, ValueFingerprints fingerprints, Detectors detectors,
      Listener listener) {
    this.reads = requireNonNull(reads, "reads");
    this.fingerprints = requireNonNull(fingerprints, "fingerprints");
    this.detectors = requireNonNull(detectors, "detectors");
    this.listener = requireNonNull(listener, "listener");
  }

  @Override
  public Observations observe(Observations observed, InspectedRequest request, Inspection inspection,
      AgentContext agent) {
    Verb verb = inspection.call().verb();
    if (observed.readThenWrite() || verb == Verb.READ
        || (inspection.bodyFindings().isEmpty() && inspection.otherFindings().isEmpty())) {
      return observed;
    }
    String key = AgentKeys.of(agent.env(), agent.agent());
    if (!reads.hasReads(key)) {
      return observed;
    }
    ReadFingerprints.Source destination = new ReadFingerprints.Source(inspection.call().tool(), request.host());
    if (carriesReadValue(key, inspection.bodyFindings(), inspection.bodyText(), destination)
        || (!inspection.otherFindings().isEmpty() && envelopeCarriesReadValue(key, request, destination))) {
      return observed.withReadThenWrite(true);
    }
    return observed;
  }

  @Override
  public void decided(InspectedRequest request, Inspection inspection, AgentContext agent, Decision decision,
      Observations observed) {
    if (observed.readThenWrite()) {
      listener.flagged(agent, inspection.call(), request.host(), decision);
    }
  }

  private boolean carriesReadValue(String key, List<Finding> found, String text,
      ReadFingerprints.Source destination) {
    for (Finding f : found) {
      List<ReadFingerprints.Source> from = reads.sources(key, fingerprints.of(f, text));
      if (!from.isEmpty() && !from.contains(destination)) {
        return true;
      }
    }
    return false;
  }

  private boolean envelopeCarriesReadValue(String key, InspectedRequest request,
      ReadFingerprints.Source destination) {
    String url = request.path() + (request.query() == null ? "" : "?" + request.query());
    if (carriesReadValue(key, detectors.scan(url), url, destination)) {
      return true;
    }
    for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
      if (h.getKey().equals("host")) {
        continue;
      }
      for (String value : h.getValue()) {
        if (carriesReadValue(key, detectors.scan(value), value, destination)) {
          return true;
        }
      }
    }
    return false;
  }
}
