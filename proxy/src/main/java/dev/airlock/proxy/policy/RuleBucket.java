package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules one tool and operation can meet, in evaluation order, with a scanner for exactly the
 * body terms those rules may ask about: a request whose candidate rules have no body conditions
 * never scans, and one whose candidates need two keywords looks for those two only.
 *
 * <p>Rules scoped to hosts (block lists, "admin API of this service") are usually most of what a
 * decision walks and fails. For each destination host the bucket keeps the rules that admit it,
 * built the first time the host is seen, so later decisions for that host walk only those. Agents
 * talk to few hosts; past {@link #MAX_HOSTS} distinct hosts, the rules for a new one are picked
 * again for each decision.
 */
final class RuleBucket {
  /** Bounds the memory an agent visiting many hosts can make a bucket hold. */
  static final int MAX_HOSTS = 1024;

  private final CompiledRule[] rules;
  private final TermScanner terms;
  /** Whether any rule is scoped to hosts; if none is, every host walks {@link #rules}. */
  private final boolean hostScoped;
  private final ConcurrentHashMap<String, CompiledRule[]> byHost = new ConcurrentHashMap<>();

  private RuleBucket(CompiledRule[] rules, TermScanner terms) {
    this.rules = rules;
    this.terms = terms;
    boolean scoped = false;
    for (CompiledRule rule : rules) {
      scoped |= rule.hostScoped();
    }
    this.hostScoped = scoped;
  }

  static RuleBucket of(List<CompiledRule> ordered, TermScanners scanners) {
    BitSet ids = new BitSet();
    for (CompiledRule rule : ordered) {
      for (int id : rule.bodyTerms) {
        ids.set(id);
      }
    }
    return new RuleBucket(ordered.toArray(new CompiledRule[0]), scanners.forTerms(ids));
  }

  TermScanner terms() {
    return terms;
  }

  /**
   * The rules that may apply to a request for {@code host} (folded like {@link Evaluation#host}),
   * in evaluation order: every rule whose host field admits it.
   */
  CompiledRule[] rulesFor(String host) {
    if (!hostScoped) {
      return rules;
    }
    CompiledRule[] forHost = byHost.get(host);
    if (forHost != null) {
      return forHost;
    }
    CompiledRule[] admitted = admitting(host);
    if (byHost.size() >= MAX_HOSTS) {
      return admitted;
    }
    CompiledRule[] raced = byHost.putIfAbsent(host, admitted);
    return raced != null ? raced : admitted;
  }

  private CompiledRule[] admitting(String host) {
    List<CompiledRule> out = new ArrayList<>(rules.length);
    for (CompiledRule rule : rules) {
      if (rule.admitsHost(host)) {
        out.add(rule);
      }
    }
    return out.toArray(new CompiledRule[0]);
  }
}
