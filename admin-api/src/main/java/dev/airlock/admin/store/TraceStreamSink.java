package dev.airlock.admin.store;

import dev.airlock.proxy.trace.Trace;
import java.io.IOException;

/**
 * Receives the traces of a streamed read one at a time, as the database cursor yields them. An
 * {@link IOException} (the reader went away) stops the read and releases its cursor.
 */
@FunctionalInterface
public interface TraceStreamSink {
  void accept(Trace trace) throws IOException;
}
