package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.admin.store.Ids;
import dev.airlock.admin.store.StoreException;
import dev.airlock.proxy.trace.Trace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * What the admin API does with alert channels: create, change and delete them (validated, audited,
 * applied to this node's snapshot before answering; other nodes follow by notification), list
 * their deliveries, retry a dead one, and send a test event. Blocking: runs on the store executor.
 */
public final class AlertChannels {
  /** The reason a test event carries, so receivers can tell it from a real decision. */
  public static final String TEST_REASON = "ALERT_CHANNEL_TEST";

  private final AlertChannelRepository repository;
  private final OutboxRepository outbox;
  private final ChannelDirectory directory;
  private final AuditLog audit;
  private final Predicate<String> environmentExists;
  private final Runnable wakeDelivery;
  private final Duration testWait;
  private final Clock clock;

  /**
   * @param environmentExists whether an environment slug exists (channels may only name existing ones)
   * @param wakeDelivery starts a delivery round now
   * @param testWait how long {@link #test} waits for the test delivery's first outcome
   */
  public AlertChannels(AlertChannelRepository repository, OutboxRepository outbox, ChannelDirectory directory,
      AuditLog audit, Predicate<String> environmentExists, Runnable wakeDelivery, Duration testWait, Clock clock) {
    this.repository = requireNonNull(repository, "repository");
    this.outbox = requireNonNull(outbox, "outbox");
    this.directory = requireNonNull(directory, "directory");
    this.audit = requireNonNull(audit, "audit");
    this.environmentExists = requireNonNull(environmentExists, "environmentExists");
    this.wakeDelivery = requireNonNull(wakeDelivery, "wakeDelivery");
    this.testWait = requireNonNull(testWait, "testWait");
    this.clock = requireNonNull(clock, "clock");
  }

  public AlertChannelRepository repository() {
    return repository;
  }

  public OutboxRepository outbox() {
    return outbox;
  }

  /**
   * @throws ChannelException for an invalid definition or an unknown environment
   */
  public AlertChannel create(JsonNode body, AuditActor actor) {
    ChannelSpec spec = ChannelSpecParser.create(body);
    requireEnvironments(spec);
    return applied(repository.create(spec, actor));
  }

  /** Reads, changes and checks the channel in one transaction, so concurrent changes do not mix. */
  public AlertChannel update(String id, JsonNode body, AuditActor actor) {
    return applied(repository.update(id, current -> {
      ChannelSpec next = ChannelSpecParser.update(current, body);
      if (!next.envNames().equals(current.envNames())) {
        requireEnvironments(next);
      }
      return next;
    }, actor));
  }

  public AlertChannel delete(String id, AuditActor actor) {
    return applied(repository.delete(id, actor));
  }

  /** Declares the channels of the config file (created or updated by name); returns how many changed. */
  public int declare(List<ChannelSpec> specs) {
    int changed = 0;
    for (ChannelSpec s : specs) {
      if (repository.upsertByName(s, AuditActor.STARTUP)) {
        changed++;
      }
    }
    directory.reload();
    return changed;
  }

  /**
   * Queues a test event for channel {@code id} (whatever its filters) and waits up to the test wait
   * for the first attempt's outcome; returns the delivery as it then stands (still pending with no
   * attempt when the worker did not get to it in time).
   */
  public Delivery test(AlertChannel channel, AuditActor actor) {
    String env = channel.spec().allEnvironments() ? "" : channel.spec().envNames().get(0);
    Instant now = clock.instant();
    Trace t = new Trace("trc_test_" + Ids.newId("t").substring(2), now, env, "airlock-test", null, "airlock",
        "channel_test", "WRITE", "POST", "airlock.test", "/", 403, "DENY", "DENY", List.of(TEST_REASON), null, 0.0,
        "LOW", List.of(), List.of(), 0, 0, 0, -1, null, Map.of());
    Delivery queued = outbox.enqueueOne(channel.id(), new DecisionAlert(t));
    audit.record(actor, new AuditChange("alert_channel.test", "alert_channel", channel.id(),
        channel.spec().envNames().size() == 1 && !channel.spec().allEnvironments() ? env : null, null,
        queued.toJson().without("event")));
    wakeDelivery.run();
    long deadline = System.nanoTime() + testWait.toNanos();
    Delivery d = queued;
    while (d.status() == Delivery.Status.PENDING && d.attempts() == 0 && d.lastError() == null
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      d = outbox.find(queued.id()).orElse(d);
    }
    return d;
  }

  private void requireEnvironments(ChannelSpec spec) {
    if (spec.allEnvironments()) {
      return;
    }
    for (String env : spec.envNames()) {
      if (!environmentExists.test(env)) {
        throw ChannelException.invalid("env_names", "environment \"" + env + "\" not found");
      }
    }
  }

  private AlertChannel applied(AlertChannel c) {
    try {
      directory.reload();
    } catch (StoreException e) {
      // Stored; the change notification or the next resync brings it to this node's snapshot.
    }
    return c;
  }
}
