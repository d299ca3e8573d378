package dev.airlock.admin.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.SwitchableDataSource;
import dev.airlock.admin.store.TestAudit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The publisher never blocks and never drops silently: a database outage is held in a bounded queue. */
class AlertPublisherTest extends StoreTestBase {
  @Test
  void eventsWaitInMemoryWhileTheDatabaseIsDownAndOverflowIsCounted() {
    AlertChannelRepository channels = new AlertChannelRepository(db.dataSource(), store.audit());
    AlertChannel c = channels.create(ChannelSpecParser.create(TestEvents.json("{'name': 'a', 'type': 'discord',"
        + " 'env_names': ['default'], 'events': ['DENY'], 'config': {'webhook_url': 'https://d.example/1'}}")),
        TestAudit.ACTOR);
    ChannelDirectory directory = new ChannelDirectory(channels);
    directory.reload();
    SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
    OutboxRepository outbox = new OutboxRepository(ds, store.audit());
    try (AlertPublisher publisher = new AlertPublisher(directory, outbox,
        new AlertPublisher.Settings(3, 100, Duration.ofMillis(50)), () -> { }).start()) {
      ds.down.set(true);
      publisher.publish(TestEvents.deny("trc_0", "default", "bot", "LOW"));
      Poll.until(Duration.ofSeconds(5), "the first event taken into a batch", () -> publisher.queued() == 0);
      for (int i = 1; i <= 5; i++) {
        publisher.publish(TestEvents.deny("trc_" + i, "default", "bot", "LOW"));
      }
      assertThat(publisher.queued()).isEqualTo(3);
      assertThat(publisher.droppedCount()).isEqualTo(2);

      ds.down.set(false);
      Poll.until(Duration.ofSeconds(5), "the held events stored", () -> publisher.storedCount() == 4);
      assertThat(outbox.list(c.id(), null, 100, null).items()).extracting(Delivery::eventId)
          .containsExactlyInAnyOrder("trc_0", "trc_1", "trc_2", "trc_3");
    }
  }

  @Test
  void bulkChannelsGetOneRowPerDrainedBatchAndAHeldBatchIsWrittenOnce() {
    AlertChannelRepository channels = new AlertChannelRepository(db.dataSource(), store.audit());
    AlertChannel chat = channels.create(ChannelSpecParser.create(TestEvents.json("{'name': 'chat', 'type': 'discord',"
        + " 'env_names': ['default'], 'events': ['DENY'], 'config': {'webhook_url': 'https://d.example/1'}}")),
        TestAudit.ACTOR);
    AlertChannel hook = channels.create(ChannelSpecParser.create(TestEvents.json("{'name': 'hook', 'type': 'webhook',"
        + " 'env_names': ['default'], 'events': ['DENY'], 'config': {'url': 'https://siem.example/in'}}")),
        TestAudit.ACTOR);
    ChannelDirectory directory = new ChannelDirectory(channels);
    directory.reload();
    SwitchableDataSource ds = new SwitchableDataSource(db.dataSource());
    OutboxRepository outbox = new OutboxRepository(ds, store.audit());
    try (AlertPublisher publisher = new AlertPublisher(directory, outbox,
        new AlertPublisher.Settings(100, 100, Duration.ofMillis(50)), () -> { }).start()) {
      ds.down.set(true);
      publisher.observe(List.of(TestEvents.trace("trc_0", "default", "bot", "DENY", "LOW", null)));
      Poll.until(Duration.ofSeconds(5), "the first event taken into rows", () -> publisher.queued() == 0);
      publisher.observe(List.of(TestEvents.trace("trc_1", "default", "bot", "DENY", "LOW", null),
          TestEvents.trace("trc_2", "default", "bot", "ALLOW", "LOW", null),
          TestEvents.trace("trc_3", "default", "bot", "DENY", "LOW", null)));

      ds.down.set(false);
      Poll.until(Duration.ofSeconds(5), "everything stored", () -> publisher.queued() == 0
          && outbox.list(chat.id(), null, 100, null).total() == 3 && outbox.list(hook.id(), null, 100, null).total() == 2);
      List<Delivery> batches = outbox.list(hook.id(), null, 100, null).items();
      assertThat(batches).allSatisfy(d -> {
        assertThat(d.batch()).isTrue();
        assertThat(d.eventType()).isEqualTo("BATCH");
        assertThat(d.eventId()).startsWith("bat_");
      });
      assertThat(batches).extracting(Delivery::eventCount).containsExactlyInAnyOrder(1, 2);
      List<String> inBatches = new java.util.ArrayList<>();
      batches.forEach(d -> d.event().forEach(e -> inBatches.add(e.get("event_id").asText())));
      assertThat(inBatches).containsExactlyInAnyOrder("trc_0", "trc_1", "trc_3");
      assertThat(outbox.list(chat.id(), null, 100, null).items()).extracting(Delivery::eventId)
          .containsExactlyInAnyOrder("trc_0", "trc_1", "trc_3");
      assertThat(publisher.storedCount()).isEqualTo(5);
    }
  }

  @Test
  void withNoChannelATraceCostsNothingAndMatchesNothing() {
    ChannelDirectory directory = new ChannelDirectory(new AlertChannelRepository(db.dataSource(), store.audit()));
    directory.reload();
    OutboxRepository outbox = new OutboxRepository(db.dataSource(), store.audit());
    try (AlertPublisher publisher = new AlertPublisher(directory, outbox, AlertPublisher.Settings.defaults(), () -> { })
        .start()) {
      assertThat(directory.snapshot().isEmpty()).isTrue();
      publisher.observe(List.of(TestEvents.trace("trc_1", "default", "bot", "DENY", "CRITICAL", null)));
      assertThat(publisher.queued()).isZero();
      assertThat(publisher.publishTo("ach_missing", TestEvents.incident())).isFalse();
    }
  }
}
