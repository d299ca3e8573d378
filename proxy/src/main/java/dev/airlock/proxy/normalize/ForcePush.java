package dev.airlock.proxy.normalize;

/** Whether a git ref update rewrites history. UNKNOWN when the pack did not let us tell. */
public enum ForcePush {
  TRUE,
  FALSE,
  UNKNOWN
}
