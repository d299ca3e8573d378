package dev.airlock.bench.load;

/** Told, on the channel's event loop, when an answer is complete. */
interface ResponseListener {
  void onResponse(int status, boolean keepAlive);

  /** The exchange ended without an answer (an HTTP/2 stream reset or closed early). */
  void onNoAnswer();
}
