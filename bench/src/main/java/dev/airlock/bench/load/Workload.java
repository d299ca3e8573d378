package dev.airlock.bench.load;

import static java.util.Objects.requireNonNull;

/**
 * What each request is.
 *
 * @param method POST with a body, or GET
 * @param path origin-form path and query
 * @param bodyBytes exact request body size; 0 for none
 */
public record Workload(String method, String path, int bodyBytes) {
  public Workload {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: " + path + " (expected: starts with /)");
    }
    if (bodyBytes < 0) {
      throw new IllegalArgumentException("bodyBytes: " + bodyBytes + " (expected: >= 0)");
    }
  }

  public static Workload post(String path, int bodyBytes) {
    return new Workload("POST", path, bodyBytes);
  }

  public static Workload get(String path) {
    return new Workload("GET", path, 0);
  }
}
