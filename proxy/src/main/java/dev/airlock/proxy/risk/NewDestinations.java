package dev.airlock.proxy.risk;

import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.Observer;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Decision;
import dev.airlock.proxy.policy.Observations;
import dev.airlock.proxy.policy.RequestFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tool/hosts each agent has written to (verb WRITE or ADMIN), in memory. A write to a
 * destination the agent has not written to before is observed as new_destination. A destination
 * becomes known once the engine lets a write to it through (ALLOW or SANITIZE): a write that was
 * denied or is waiting for approval did not reach it, so the next attempt is still a first write.
 *
 * <p>Destinations learned here wait in a queue that the store drains in batches ({@link #drain});
 * destinations other nodes learned arrive through {@link #merge}. Neither touches the request path.
 */
public final class NewDestinations implements Observer {
  /** Destinations waiting to be stored beyond this are dropped (and counted): memory stays bounded. */
  static final int MAX_PENDING = 100_000;

  /** Per agent: the hosts written to, by tool (two lookups, no key built per request). */
  private final AgentTable<Map<String, Set<String>>> known = new AgentTable<>();
  private final ConcurrentLinkedQueue<Destination> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();

  @Override
  public Observations observe(Observations observed, InspectedRequest request, Inspection inspection,
      AgentContext agent) {
    RequestFacts f = inspection.facts();
    if (!isWrite(f.verb())) {
      return observed;
    }
    return knows(agent.env(), agent.agent(), f.tool(), f.host()) ? observed : observed.withNewDestination(true);
  }

  @Override
  public void decided(InspectedRequest request, Inspection inspection, AgentContext agent, Decision decision,
      Observations observed) {
    if (!observed.newDestination() || (decision.action() != Action.ALLOW && decision.action() != Action.SANITIZE)) {
      return;
    }
    RequestFacts f = inspection.facts();
    Instant at = observed.time() != null ? observed.time() : Instant.now();
    if (learn(agent.env(), agent.agent(), f.tool(), f.host())) {
      if (pendingCount.incrementAndGet() <= MAX_PENDING) {
        pending.add(new Destination(agent.env(), agent.agent(), f.tool(), f.host(), at));
      } else {
        pendingCount.decrementAndGet();
        dropped.incrementAndGet();
      }
    }
  }

  /** Whether the agent has written to the tool/host. */
  public boolean knows(String env, String agent, String tool, String host) {
    Map<String, Set<String>> byTool = known.get(env, agent);
    Set<String> hosts = byTool == null ? null : byTool.get(tool);
    return hosts != null && hosts.contains(host);
  }

  /** Adds destinations learned elsewhere (stored ones at start, other nodes' later); nothing is queued. */
  public void merge(Collection<Destination> destinations) {
    for (Destination d : destinations) {
      learn(d.env(), d.agent(), d.tool(), d.host());
    }
  }

  /** Takes up to {@code max} destinations learned here and not yet stored, oldest first. */
  public List<Destination> drain(int max) {
    List<Destination> out = new ArrayList<>(Math.min(max, Math.max(pendingCount.get(), 0)));
    Destination d;
    while (out.size() < max && (d = pending.poll()) != null) {
      pendingCount.decrementAndGet();
      out.add(d);
    }
    return out;
  }

  /** Puts back destinations a failed store could not write, to be tried again. */
  public void requeue(List<Destination> destinations) {
    for (Destination d : destinations) {
      pendingCount.incrementAndGet();
      pending.add(d);
    }
  }

  /** Destinations not stored because too many were waiting. */
  public long dropped() {
    return dropped.get();
  }

  private boolean learn(String env, String agent, String tool, String host) {
    return known.getOrCreate(env, agent, ConcurrentHashMap::new)
        .computeIfAbsent(tool, t -> ConcurrentHashMap.newKeySet()).add(host);
  }

  private static boolean isWrite(Verb verb) {
    return verb == Verb.WRITE || verb == Verb.ADMIN;
  }
}
