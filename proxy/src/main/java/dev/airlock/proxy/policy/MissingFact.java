package dev.airlock.proxy.policy;

import java.util.Locale;

/**
 * A fact about a request that a replay does not have: traces keep what was decided and on what
 * metadata, not the request itself. A rule that reads a missing fact can neither be said to apply
 * nor not to apply (see {@link PolicyEngine#replay}).
 */
public enum MissingFact {
  /** The request body (traces keep its size and the detector ids found, never the text). */
  BODY,
  /** A git push's ref updates and force-push states. */
  GIT_PUSH,
  /** Whether a recipient was outside the tenant's org domains. */
  EXTERNAL_PRINCIPAL,
  /** The agent's runtime type (unknown when the agent no longer exists). */
  RUNTIME_TYPE,
  /** The exact request path (a stored path has secrets found in it replaced). */
  PATH,
  /** Whether it was the agent's first write to the tool/host (a trace without risk signals). */
  NEW_DESTINATION,
  /** Whether a threat-intel feed listed the destination (a trace without risk signals). */
  THREAT_INTEL,
  /** Whether the request carried a sensitive value the agent had read (traces do not keep it). */
  READ_THEN_WRITE,
  /** The agent's trust when it sent the request (a trace without risk signals). */
  TRUST,
  /** The effective risk, when some signal or the trust it is computed from is missing. */
  RISK;

  /** Lower-case name, as the admin API spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
