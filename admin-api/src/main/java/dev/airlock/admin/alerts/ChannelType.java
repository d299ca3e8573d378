package dev.airlock.admin.alerts;

import java.util.Locale;

/** Where a channel sends: a chat service, a generic signed webhook, or a syslog collector. */
public enum ChannelType {
  SLACK, DISCORD, TEAMS, TELEGRAM, WEBHOOK, SYSLOG;

  /** The lower-case name the API, the CLI and the config file use. */
  public String slug() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the channel takes events in bulk: its outbox rows hold a batch of events each and one
   * send delivers the whole batch (one syslog write, one HTTP request). Chat channels, read by
   * people, keep one message per event.
   */
  public boolean batched() {
    return this == WEBHOOK || this == SYSLOG;
  }

  /** The type named {@code slug}, or null when it names none. */
  public static ChannelType of(String slug) {
    for (ChannelType t : values()) {
      if (t.slug().equals(slug)) {
        return t;
      }
    }
    return null;
  }
}
