package dev.airlock.proxy.spi;

import dev.airlock.proxy.trace.Trace;

/** Receives one trace per request. Must return at once: implementations queue and write later. */
public interface TraceSink {
  void accept(Trace trace);
}
