package dev.airlock.proxy.exfil;

/**
 * Takes the response bodies the proxy relays to agents, to learn what sensitive data each agent
 * has read. Called on an event loop: it queues the work (or drops it) and returns at once, except
 * for a {@link ResponseBody#small()} body, which costs less to scan right away than to hand over.
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

  /**
   * Scans {@code body}, received by the agent of {@code origin}, off the calling thread unless it
   * is small; the
   * bytes it holds ({@link ResponseBody#reservedBytes()}) are released once it is scanned or dropped.
   */
  void scan(ResponseOrigin origin, ResponseBody body);

  /**
   * Reserves room for {@code bytes} more captured bytes, or returns false when the node holds as
   * many captured bytes as it allows: the capture then keeps only what it has.
   */
  default boolean reserve(int bytes) {
    return true;
  }

  /** Gives back room reserved for a capture that is abandoned before it is handed over. */
  default void release(int bytes) {}
}
