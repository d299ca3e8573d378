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
  PATH;

  /** Lower-case name, as the admin API spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
