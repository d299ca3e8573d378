package dev.airlock.proxy.intel;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.Observer;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Observations;

/**
 * Looks every request's destination up in the threat-intel feeds: the host (and its parent
 * domains), the address it goes to and the full URL. A hit is recorded as {@link
 * Observations#threatIntelFeed()}; the guard that refuses it, the risk signal and the {@code
 * threat_intel} policy condition all read it from there.
 */
public final class ThreatIntelObserver implements Observer {
  private final ThreatIntel intel;

  public ThreatIntelObserver(ThreatIntel intel) {
    this.intel = requireNonNull(intel, "intel");
  }

  @Override
  public Observations observe(Observations observed, InspectedRequest req, Inspection inspection,
      AgentContext agent) {
    if (intel.isEmpty()) {
      return observed; // no feeds: spare building the URL key of every request
    }
    String url = req.method().equals("CONNECT") ? null
        : ThreatIndex.urlKey(req.scheme(), req.host(), req.port(), req.path(), req.query());
    String feed = intel.match(req.host(), req.address(), url);
    return feed == null ? observed : observed.withThreatIntelFeed(feed);
  }
}
