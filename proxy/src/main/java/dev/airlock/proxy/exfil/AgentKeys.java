package dev.airlock.proxy.exfil;

/** One agent's key in {@link ReadFingerprints}: its environment and name. */
final class AgentKeys {
  private AgentKeys() {}

  static String of(String env, String agent) {
    return env + '\u0000' + agent;
  }
}
