package dev.airlock.admin.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.TestAudit;
import dev.airlock.admin.store.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher never blocks and never drops silently: a database outage is held in a bounded queue. */
class AlertPublisherTest {
  private static TestDatabase db;
  private static StoreRepositories store;

  @BeforeAll
  static void start() {
    db = TestDatabase.start();
    store = StoreRepositories.on(db.dataSource());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @BeforeEach
  void clean() {
    db.truncateAll();
    store.environments().create(Environment.of("default", "Default"));
  }

  /** The test database, or a refused connection while {@code down} is set. */
  private static final class Switchable implements DataSource {
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public Connection getConnection() throws SQLException {
      if (down.get()) {
        throw new SQLException("Connection refused", "08001");
      }
      return db.dataSource().getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @Test
  void eventsWaitInMemoryWhileTheDatabaseIsDownAndOverflowIsCounted() {
    AlertChannelRepository channels = new AlertChannelRepository(db.dataSource(), store.audit());
    AlertChannel c = channels.create(ChannelSpecParser.create(TestEvents.json("{'name': 'a', 'type': 'discord',"
        + " 'env_names': ['default'], 'events': ['DENY'], 'config': {'webhook_url': 'https://d.example/1'}}")),
        TestAudit.ACTOR);
    ChannelDirectory directory = new ChannelDirectory(channels);
    directory.reload();
    Switchable ds = new Switchable();
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
