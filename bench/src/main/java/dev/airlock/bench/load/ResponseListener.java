package dev.airlock.bench.load;

/** Told, on the channel's event loop, when an answer is complete. */
interface ResponseListener {
  void onResponse(int status, boolean keepAlive);
}
