package dev.airlock.admin.export;

import dev.airlock.proxy.trace.Trace;
import java.io.IOException;

/**
 * Writes traces one after another in one export format to the stream it was opened on: {@link
 * #trace} for each trace, then {@link #finish} once (which flushes, and closes a JSON array).
 * Holds at most a small write buffer, never the traces already written.
 */
public interface TraceEncoder {
  void trace(Trace trace) throws IOException;

  /** Ends the document and flushes it; does not close the underlying stream. */
  void finish() throws IOException;
}
