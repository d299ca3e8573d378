package dev.airlock.proxy.detect;

/** Coarse classes of sensitive data. */
public enum DataClass {
  SECRETS,
  PII,
  INTERNAL
}
