package dev.airlock.proxy.risk;

import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.Observer;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.Observations;

/**
 * Marks requests of an agent that sends more than a threshold of requests per minute (the burst
 * risk signal). Each agent has a ring of 60 per-second counters and their running sum: counting a
 * request costs a lock and a few additions, however fast the agent sends. Per node: every node sees
 * its own share of an agent's traffic.
 */
public final class Burst implements Observer {
  private final int perMinute;
  private final AgentTable<Window> windows = new AgentTable<>();

  /** @param perMinute requests per minute above which an agent bursts; 0 turns the signal off */
  public Burst(int perMinute) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("risk.burst_per_minute: " + perMinute + " (expected: >= 0)");
    }
    this.perMinute = perMinute;
  }

  @Override
  public Observations observe(Observations observed, InspectedRequest request, Inspection inspection,
      AgentContext agent) {
    if (perMinute == 0 || observed.time() == null) {
      return observed;
    }
    Window w = windows.getOrCreate(agent.env(), agent.agent(), Window::new);
    int count = w.count(observed.time().getEpochSecond());
    return count > perMinute ? observed.withBurst(true) : observed;
  }

  /** The last 60 seconds of one agent's requests. */
  static final class Window {
    private final int[] counts = new int[60];
    private long second = Long.MIN_VALUE;
    private int total;

    /** Counts one request made in {@code now} (epoch second) and returns the requests of the last minute. */
    synchronized int count(long now) {
      if (second == Long.MIN_VALUE || now - second >= 60) {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        second = now;
      } else if (now > second) {
        for (long s = second + 1; s <= now; s++) {
          int slot = (int) Math.floorMod(s, 60L);
          total -= counts[slot];
          counts[slot] = 0;
        }
        second = now;
      }
      // A request stamped a little in the past (clock order between threads) counts in the current second.
      counts[(int) Math.floorMod(second, 60L)]++;
      return ++total;
    }
  }
}
