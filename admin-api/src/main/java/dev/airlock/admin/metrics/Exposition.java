package dev.airlock.admin.metrics;

import static java.util.Objects.requireNonNull;

/** One scrape's body and the content type of its format. */
public record Exposition(String contentType, byte[] body) {
  public Exposition {
    requireNonNull(contentType, "contentType");
    requireNonNull(body, "body");
  }
}
