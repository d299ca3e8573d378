package dev.airlock.admin.http;

import java.io.IOException;

/**
 * A response body too large to hold, written piece by piece after the headers were sent. Runs on
 * the store executor, never on an event loop; {@link ChunkedBodyOutput#write} waits while the
 * client is slower than the body is made.
 */
@FunctionalInterface
interface StreamedBody {
  /**
   * Writes the whole body to {@code out}. Throwing (the client went away, the database failed)
   * ends the response without its last chunk, so the client sees a truncated body, not a short
   * but complete one.
   */
  void writeTo(ChunkedBodyOutput out) throws IOException;
}
