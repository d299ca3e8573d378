package dev.airlock.bench.run;

import dev.airlock.bench.load.LoadResult;
import dev.airlock.bench.load.Outcomes;
import dev.airlock.bench.proc.MemorySample;
import java.util.List;

/**
 * The idle-connections run: many agent connections opened through the proxy (tunnel, TLS, one
 * request each), held idle while another client keeps working, then closed.
 *
 * @param requested connections the run tried to open
 * @param ratePerSecond the pace they were opened at
 * @param rampSeconds how long opening them all took
 * @param opened how the first request of each ended (ok = established and held)
 * @param holdSeconds how long they were held after the ramp
 * @param openAfterHold held connections still open at the end of the hold
 * @param closedByPeer held connections the proxy (or the upstream through it) closed meanwhile
 * @param secondRequest one more request on each connection still open after the hold
 * @param before the proxy before opening any
 * @param held the proxy at the end of the hold, with every connection still held
 * @param after the proxy once all were closed and its descriptors had come down
 * @param closeSeconds from closing them until the proxy's descriptors stopped falling
 * @param samples the proxy over the whole run, by phase
 * @param clientBefore the other client's requests before any idle connection was open
 * @param clientDuring the same client's requests during the hold
 * @param fileLimits the open-file limits of the generator and the proxy, for the report
 */
public record IdleResult(
    int requested, double ratePerSecond, double rampSeconds, Outcomes opened,
    double holdSeconds, int openAfterHold, long closedByPeer, Outcomes secondRequest,
    MemorySample before, MemorySample held, MemorySample after, double closeSeconds,
    List<Sample> samples, LoadResult clientBefore, LoadResult clientDuring, String fileLimits) {

  public IdleResult {
    samples = List.copyOf(samples);
  }

  /** One sample of the proxy during the run: its phase and how many connections were held then. */
  public record Sample(String phase, int heldConnections, MemorySample memory) {}
}
