package dev.airlock.proxy.exfil;

/**
 * Takes the response bodies the proxy relays to agents, to learn what sensitive data each agent
 * has read. Called on an event loop: it queues the work (or drops it) and returns at once.
 */
public interface ResponseScanner {
  /** Scans nothing: responses are relayed without being captured. */
  ResponseScanner NONE = new ResponseScanner() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void scan(ResponseOrigin origin, ResponseBody body) {}
  };

  /** Whether responses should be captured for this scanner at all. */
  default boolean enabled() {
    return true;
  }

  /** Scans {@code body}, received by the agent of {@code origin}, off the calling thread. */
  void scan(ResponseOrigin origin, ResponseBody body);
}
