package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's in-memory copy of the alert channels, reloaded when the database announces a change
 * (kind {@code alert_channels}) and after the API changes one. It is also what the chat
 * integration endpoints verify callers against ({@link IntegrationSecrets}).
 */
public final class ChannelDirectory implements IntegrationSecrets, Runnable {
  private static final Logger log = LoggerFactory.getLogger(ChannelDirectory.class);

  private final AlertChannelRepository channels;
  private final AtomicReference<ChannelSnapshot> snapshot = new AtomicReference<>(ChannelSnapshot.EMPTY);

  public ChannelDirectory(AlertChannelRepository channels) {
    this.channels = requireNonNull(channels, "channels");
  }

  /** Reloads every channel (blocking JDBC; off the event loops). */
  public void reload() {
    List<AlertChannel> all = channels.all();
    snapshot.set(new ChannelSnapshot(all));
    log.debug("alert channels loaded: {}", all.size());
  }

  /** The reload, as a change-feed task. */
  @Override
  public void run() {
    reload();
  }

  public ChannelSnapshot snapshot() {
    return snapshot.get();
  }

  Optional<AlertChannel> channel(String id) {
    return snapshot.get().channel(id);
  }

  @Override
  public List<SlackApp> slackApps() {
    return snapshot.get().slackApps();
  }

  @Override
  public Optional<TelegramBot> telegramBySecretToken(String secretToken) {
    return snapshot.get().telegram(secretToken);
  }
}
