package dev.airlock.proxy.exfil;

import java.util.List;

/**
 * Part of a response body as captured while it was relayed. Decoding is deferred to
 * {@link #texts()}, which a scanner calls off the event loop.
 */
@FunctionalInterface
public interface ResponseBody {
  /** The texts to scan: the decoded body, or the {@code data} of each server-sent event. */
  List<String> texts();

  /** Bytes reserved with {@link ResponseScanner#reserve} for this body, released once it is scanned. */
  default int reservedBytes() {
    return 0;
  }
}
