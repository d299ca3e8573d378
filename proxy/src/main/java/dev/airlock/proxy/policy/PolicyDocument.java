package dev.airlock.proxy.policy;

import java.util.List;

/** A validated policy document (shape to be completed by the parser). */
public record PolicyDocument(String name, String description, List<String> envNames, List<Object> rules) {
  /** Canonical JSON of this document, for storage. */
  public String toJson() {
    throw new UnsupportedOperationException("replaced by the real parser");
  }
}
