package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A stored alert channel ({@code ach_…}). */
public record AlertChannel(String id, ChannelSpec spec, Instant createdAt, Instant updatedAt) {
  public AlertChannel {
    requireNonNull(id, "id");
    requireNonNull(spec, "spec");
  }

  public String name() {
    return spec.name();
  }

  public ChannelType type() {
    return spec.type();
  }
}
