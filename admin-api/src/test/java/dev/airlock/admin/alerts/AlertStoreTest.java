package dev.airlock.admin.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.store.AuditEvent;
import dev.airlock.admin.store.AuditQuery;
import dev.airlock.admin.store.ChangeFeed;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoreException;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.TestAudit;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Channels and the outbox in a real PostgreSQL: audit, uniqueness, claiming, environments, notifications. */
class AlertStoreTest extends StoreTestBase {
  private AlertFixture alerts;

  @BeforeEach
  void clean() {
    store.environments().create(Environment.of("staging", "Staging"));
    alerts = new AlertFixture(db.dataSource(), store, 3);
  }

  @Test
  void channelsAreStoredAuditedWithMaskedSecretsAndUniqueByName() {
    AlertChannel c = alerts.add("{'name': 'ops', 'type': 'webhook', 'env_names': ['default'], 'events': ['DENY'],"
        + " 'config': {'url': 'https://siem.example/in', 'secret': 'very-secret-signing-key'}}");
    assertThat(c.id()).startsWith("ach_");
    assertThat(alerts.channels.find(c.id()).orElseThrow().spec().config().get("secret").asText())
        .isEqualTo("very-secret-signing-key");
    assertThatThrownBy(() -> alerts.add("{'name': 'ops', 'type': 'discord', 'env_names': ['default'],"
        + " 'config': {'webhook_url': 'https://discord.com/api/webhooks/1/x'}}"))
        .isInstanceOf(StoreException.class).extracting(e -> ((StoreException) e).kind())
        .isEqualTo(StoreException.Kind.CONFLICT);

    AlertChannel changed = alerts.channels.update(c.id(),
        s -> ChannelSpecParser.update(s, AlertFixture.json("{'min_severity': 'HIGH'}")), TestAudit.ACTOR);
    assertThat(changed.spec().minSeverity()).isEqualTo("HIGH");
    alerts.channels.delete(c.id(), TestAudit.ACTOR);
    assertThat(alerts.channels.find(c.id())).isEmpty();

    List<AuditEvent> events = store.audit().list(new AuditQuery(null, null, null, null, 50, null)).items();
    assertThat(events).extracting(AuditEvent::action)
        .containsExactly("alert_channel.delete", "alert_channel.update", "alert_channel.create");
    assertThat(events.toString()).doesNotContain("very-secret-signing-key");
    assertThat(events.get(2).after().at("/config/secret").asText()).isEqualTo("****-key");
    assertThat(events.get(1).before().at("/min_severity").asText()).isEqualTo("LOW");
    assertThat(events.get(1).after().at("/min_severity").asText()).isEqualTo("HIGH");
    assertThat(store.audit().verify().ok()).isTrue();
  }

  @Test
  void listsFilterByEnvironmentAndPageWithACursor() {
    AlertChannel a = alerts.add("{'name': 'a', 'type': 'discord', 'env_names': ['default'], 'config': {'webhook_url': 'https://d.example/1'}}");
    AlertChannel b = alerts.add("{'name': 'b', 'type': 'discord', 'env_names': ['staging'], 'config': {'webhook_url': 'https://d.example/2'}}");
    AlertChannel all = alerts.add("{'name': 'c', 'type': 'discord', 'env_names': ['*'], 'config': {'webhook_url': 'https://d.example/3'}}");
    AlertChannelRepository.Page first = alerts.channels.list(null, 2, null);
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.items()).extracting(AlertChannel::id).containsExactly(all.id(), b.id());
    assertThat(alerts.channels.list(null, 2, first.next()).items()).extracting(AlertChannel::id).containsExactly(a.id());
    assertThat(alerts.channels.list("staging", 10, null).items()).extracting(AlertChannel::id)
        .containsExactly(all.id(), b.id());
  }

  @Test
  void aDeletedEnvironmentLeavesItsChannelsAndDisablesThoseLeftWithoutOne() {
    AlertChannel only = alerts.add("{'name': 'a', 'type': 'discord', 'env_names': ['staging'], 'config': {'webhook_url': 'https://d.example/1'}}");
    AlertChannel both = alerts.add("{'name': 'b', 'type': 'discord', 'env_names': ['default', 'staging'], 'config': {'webhook_url': 'https://d.example/2'}}");
    store.environments().delete("staging", TestAudit.ACTOR, TestAudit.change("environment.delete"));
    AlertChannel left = alerts.channels.find(only.id()).orElseThrow();
    assertThat(left.spec().envNames()).isEmpty();
    assertThat(left.spec().enabled()).isFalse();
    AlertChannel kept = alerts.channels.find(both.id()).orElseThrow();
    assertThat(kept.spec().envNames()).containsExactly("default");
    assertThat(kept.spec().enabled()).isTrue();
  }

  @Test
  void anEventIsQueuedOncePerChannelAndClaimedByOneWorkerAtATime() throws Exception {
    AlertChannel c = alerts.add("{'name': 'a', 'type': 'discord', 'env_names': ['default'], 'config': {'webhook_url': 'https://d.example/1'}}");
    AlertChannel gone = alerts.add("{'name': 'b', 'type': 'discord', 'env_names': ['default'], 'config': {'webhook_url': 'https://d.example/2'}}");
    alerts.channels.delete(gone.id(), TestAudit.ACTOR);
    DecisionAlert e1 = TestEvents.deny("trc_1", "default", "bot", "HIGH");
    DecisionAlert e2 = TestEvents.deny("trc_2", "default", "bot", "HIGH");
    assertThat(alerts.outbox.enqueue(List.of(new OutboxRepository.Entry(c.id(), e1),
        new OutboxRepository.Entry(c.id(), e2), new OutboxRepository.Entry(gone.id(), e1)))).isEqualTo(2);
    assertThat(alerts.outbox.enqueue(List.of(new OutboxRepository.Entry(c.id(), e1)))).as("a replay").isZero();

    // Rows another worker holds (locked in its open transaction) are skipped, not waited for.
    try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
      other.setAutoCommit(false);
      s.execute("SELECT id FROM alert_outbox WHERE event_id = 'trc_1' FOR UPDATE");
      List<Delivery> claimed = alerts.outbox.claim(10, 5000, Duration.ofSeconds(30));
      assertThat(claimed).extracting(Delivery::eventId).containsExactly("trc_2");
      other.rollback();
    }
    assertThat(alerts.outbox.claim(10, 5000, Duration.ofSeconds(30))).as("trc_2 is leased")
        .extracting(Delivery::eventId).containsExactly("trc_1");
    assertThat(alerts.outbox.claim(10, 5000, Duration.ofSeconds(30))).isEmpty();
  }

  @Test
  void batchRowsAreAddedOnceAndAClaimStopsAtItsEventBudget() {
    AlertChannel c = alerts.add("{'name': 'siem', 'type': 'webhook', 'env_names': ['default'], 'config': {'url':"
        + " 'https://siem.example/in'}}");
    List<OutboxRepository.Row> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(OutboxRepository.Row.batch(c.id(), "bat_" + i, 3000, DeflatedJson.write(List.of())));
    }
    assertThat(alerts.outbox.add(rows)).isEqualTo(3);
    assertThat(alerts.outbox.add(rows.subList(0, 1))).as("a batch written again").isZero();

    // 3000 + 3000 events: the second row starts below the budget of 5000, the third does not.
    // (Rows added together are equally due: which two come first is not specified.)
    List<Delivery> claimed = alerts.outbox.claim(10, 5000, Duration.ofSeconds(30));
    assertThat(claimed).hasSize(2);
    assertThat(claimed).allSatisfy(d -> {
      assertThat(d.batch()).isTrue();
      assertThat(d.eventCount()).isEqualTo(3000);
      assertThat(d.toJson().get("event_count").asInt()).isEqualTo(3000);
    });
    List<String> rest = new ArrayList<>(List.of("bat_0", "bat_1", "bat_2"));
    claimed.forEach(d -> rest.remove(d.eventId()));
    assertThat(alerts.outbox.claim(10, 1, Duration.ofSeconds(30))).as("one row at least, whatever its size")
        .extracting(Delivery::eventId).isEqualTo(rest);
  }

  @Test
  void aChannelChangeReachesAnotherNodesSnapshotWithinASecond() {
    ChannelDirectory otherNode = new ChannelDirectory(alerts.channels);
    try (ChangeFeed feed = new ChangeFeed(db.database()::openDedicated, Duration.ofMinutes(10))
        .on("alert_channels", otherNode)) {
      feed.start();
      Poll.until(Duration.ofSeconds(5), "the first load", () -> otherNode.snapshot() != null);
      AlertChannel c = alerts.add("{'name': 'a', 'type': 'telegram', 'env_names': ['default'], 'config':"
          + " {'bot_token': '42:AAAAAAAAAAAAAAAAAAAAAAAAA', 'chat_id': 7, 'webhook_secret_token': 'tg-secret_1'}}");
      long started = System.nanoTime();
      Poll.until(Duration.ofSeconds(1), "the other node's snapshot", () -> otherNode.channel(c.id()).isPresent());
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(otherNode.telegramBySecretToken("tg-secret_1")).hasValueSatisfying(bot -> {
        assertThat(bot.channelId()).isEqualTo(c.id());
        assertThat(bot.botToken()).isEqualTo("42:AAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(bot.apiBase().toString()).isEqualTo("https://api.telegram.org");
      });
      assertThat(otherNode.telegramBySecretToken("tg-secret_2")).isEmpty();
      assertThat(otherNode.telegramBySecretToken("")).isEmpty();
      alerts.add("{'name': 's', 'type': 'slack', 'env_names': ['default'], 'config':"
          + " {'webhook_url': 'https://hooks.slack.com/services/x', 'signing_secret': 'slack-signing'}}");
      Poll.until(Duration.ofSeconds(1), "the slack app", () -> otherNode.slackApps().size() == 1);
      assertThat(otherNode.slackApps().get(0).signingSecret()).isEqualTo("slack-signing");
    }
  }
}
