package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.spi.AgentIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory agent directory against a real PostgreSQL: loading, changes pushed by NOTIFY from
 * other sessions (including hand-written SQL), resync after a lost listening connection, expiry.
 */
class StoreAgentDirectoryTest extends StoreTestBase {
  /** Only a notification can bring a change this fast: the periodic resync is far away. */
  private static final Duration NOTIFY_DEADLINE = Duration.ofSeconds(1);
  private static final StoreAgentDirectory.Settings NO_RESYNC =
      new StoreAgentDirectory.Settings(Duration.ofHours(1), Duration.ofMinutes(1), 1_000);

  private static ExecutorService executor;
  private StoreAgentDirectory directory;
  private CreatedAgent bot;

  @BeforeAll
  static void start() {
    executor = BoundedExecutor.create("auth", 2, 100);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
  }

  @BeforeEach
  void setUp() {
    bot = store.agents().create("bot", "default", "crewai");
    directory = newDirectory(NO_RESYNC);
  }

  @AfterEach
  void tearDown() {
    directory.close();
  }

  @Test
  void beforeTheFirstLoadEveryKeyIsUnverifiableNotUnknown() {
    assertThatThrownBy(() -> auth("bot", bot.key().secret()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
    assertThat(directory.isLoaded()).isFalse();
    assertThat(directory.isKnownAgent("bot")).isFalse();
  }

  @Test
  void rightKeyAuthenticatesOthersDoNot() throws Exception {
    directory.load();
    assertThat(directory.authenticate("bot", bot.key().secret()).isDone()).isTrue();
    assertThat(auth("bot", bot.key().secret()))
        .contains(new AgentIdentity(bot.agent().id(), "bot", bot.key().id(), "default", "crewai"));
    assertThat(auth("bot", "alk_wrong")).isEmpty();
    assertThat(auth("nobody", bot.key().secret())).isEmpty();
    assertThat(auth("bot", "")).isEmpty();
    assertThat(auth("bot", "x".repeat(10_000))).isEmpty();
    assertThat(directory.isKnownAgent("bot")).isTrue();
    assertThat(directory.isKnownAgent("nobody")).isFalse();
  }

  @Test
  void changesMadeByHandInSqlArePushedWithinOneSecond() throws Exception {
    directory.load();
    directory.listen();
    sql("INSERT INTO agents (id, name, env) VALUES ('agt_manual', 'manual', 'default')");
    Poll.until(NOTIFY_DEADLINE, "a new agent's name", () -> directory.isKnownAgent("manual"));
    sql("INSERT INTO agent_keys (id, agent_id, key_hash) VALUES ('key_manual', 'agt_manual', sha256('alk_manual'))");
    Poll.until(NOTIFY_DEADLINE, "a new key", () -> join("manual", "alk_manual").isPresent());

    sql("UPDATE agents SET status = 'suspended' WHERE id = 'agt_manual'");
    Poll.until(NOTIFY_DEADLINE, "suspension", () -> join("manual", "alk_manual").isEmpty());
    assertThat(directory.isKnownAgent("manual")).isTrue();
    sql("UPDATE agents SET status = 'active' WHERE id = 'agt_manual'");
    Poll.until(NOTIFY_DEADLINE, "unsuspension", () -> join("manual", "alk_manual").isPresent());
    sql("UPDATE agent_keys SET revoked_at = now() WHERE id = 'key_manual'");
    Poll.until(NOTIFY_DEADLINE, "revocation", () -> join("manual", "alk_manual").isEmpty());

    sql("DELETE FROM agents WHERE id = 'agt_manual'");
    Poll.until(NOTIFY_DEADLINE, "deletion", () -> !directory.isKnownAgent("manual"));
    assertThat(join("bot", bot.key().secret())).isPresent();
  }

  @Test
  void changesThroughTheRepositoryOfAnotherNodeArePushedWithinOneSecond() throws Exception {
    directory.load();
    directory.listen();
    CreatedAgent other = store.agents().create("other", "default", "custom");
    Poll.until(NOTIFY_DEADLINE, "created agent", () -> join("other", other.key().secret()).isPresent());
    MintedKey rotated = store.agents().keys().rotate(other.agent().id(), other.key().id(), 0, TestAudit.ACTOR,
        TestAudit.change("agent.key.rotate")).replacement();
    Poll.until(NOTIFY_DEADLINE, "rotation", () ->
        join("other", rotated.secret()).isPresent() && join("other", other.key().secret()).isEmpty());
    store.agents().update(other.agent().id(), "renamed", null, TestAudit.ACTOR, TestAudit.change("agent.update"));
    Poll.until(NOTIFY_DEADLINE, "rename", () ->
        join("renamed", rotated.secret()).isPresent() && join("other", rotated.secret()).isEmpty());
    assertThat(directory.isKnownAgent("other")).isFalse();
    MintedKey graced = store.agents().keys().rotate(other.agent().id(), rotated.key().id(), 3600, TestAudit.ACTOR,
        TestAudit.change("agent.key.rotate")).replacement();
    Poll.until(NOTIFY_DEADLINE, "rotation with a grace period", () -> join("renamed", graced.secret()).isPresent());
    assertThat(join("renamed", rotated.secret())).as("the old key, within its grace period").isPresent();
    store.agents().delete(other.agent().id(), TestAudit.ACTOR, TestAudit.change("agent.delete"));
    Poll.until(NOTIFY_DEADLINE, "deletion", () ->
        join("renamed", graced.secret()).isEmpty() && !directory.isKnownAgent("renamed"));
    store.agents().setStatus(bot.agent().id(), Agent.SUSPENDED, TestAudit.ACTOR, TestAudit.change("agent.status"));
    Poll.until(NOTIFY_DEADLINE, "suspension", () -> join("bot", bot.key().secret()).isEmpty());
    db.truncateAll();
    Poll.until(NOTIFY_DEADLINE, "truncation", () -> !directory.isKnownAgent("other"));
  }

  @Test
  void keyUseBookkeepingIsWrittenOnceAndAnnouncesNothing() throws Exception {
    directory.load();
    try (Connection listen = db.database().openDedicated();
        Statement s = listen.createStatement()) {
      s.execute("LISTEN " + StoreAgentDirectory.CHANNEL);
      for (int i = 0; i < 5; i++) {
        assertThat(auth("bot", bot.key().secret())).isPresent();
      }
      Poll.until(Duration.ofSeconds(5), "last_used_at", () -> lastUsed(bot.key().id()) != null);
      // A marker sent after the bookkeeping: whatever arrives before it came from the bookkeeping.
      sql("NOTIFY " + StoreAgentDirectory.CHANNEL + ", 'marker'");
      List<String> received = new ArrayList<>();
      org.postgresql.PGConnection pg = listen.unwrap(org.postgresql.PGConnection.class);
      Poll.until(Duration.ofSeconds(5), "the marker", () -> {
        try {
          org.postgresql.PGNotification[] news = pg.getNotifications(100);
          if (news != null) {
            for (org.postgresql.PGNotification n : news) {
              received.add(n.getParameter());
            }
          }
          return received.contains("marker");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(received).containsExactly("marker");
    }
  }

  @Test
  void aLostListeningConnectionIsFollowedByAFullResync() throws Exception {
    directory.load();
    directory.listen();
    Poll.until(Duration.ofSeconds(10), "the listener", () -> listeners() == 1);
    // Triggers off for this session: no notification is sent, only a resync can see the change.
    sqlWithoutTriggers("UPDATE agents SET status = 'suspended' WHERE id = '" + bot.agent().id() + "'");
    assertThat(join("bot", bot.key().secret())).isPresent();

    sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        + " WHERE application_name = 'airlock-dedicated' AND datname = current_database()");
    Poll.until(Duration.ofSeconds(15), "resync after reconnect", () -> join("bot", bot.key().secret()).isEmpty());
    Poll.until(Duration.ofSeconds(10), "the listener back", () -> listeners() == 1);
    store.agents().setStatus(bot.agent().id(), Agent.ACTIVE, TestAudit.ACTOR, TestAudit.change("agent.status"));
    Poll.until(NOTIFY_DEADLINE, "notifications again", () -> join("bot", bot.key().secret()).isPresent());
  }

  @Test
  void thePeriodicResyncCatchesWhatNoNotificationAnnounced() throws Exception {
    directory.close();
    directory = newDirectory(new StoreAgentDirectory.Settings(Duration.ofMillis(300), Duration.ofMinutes(1), 1_000));
    directory.load();
    directory.listen();
    sqlWithoutTriggers("UPDATE agent_keys SET revoked_at = now() WHERE id = '" + bot.key().id() + "'");
    Poll.until(Duration.ofSeconds(10), "periodic resync", () -> join("bot", bot.key().secret()).isEmpty());
  }

  @Test
  void anExpiredKeyStopsWorkingWithoutAnyReload() throws Exception {
    sql("INSERT INTO agent_keys (id, agent_id, key_hash, kind, expires_at) VALUES ('key_eph', '"
        + bot.agent().id() + "', sha256('alk_eph'), 'ephemeral', now() + interval '1 second')");
    directory.load();
    assertThat(join("bot", "alk_eph")).isPresent();
    Poll.until(Duration.ofSeconds(5), "expiry", () -> join("bot", "alk_eph").isEmpty());
  }

  @Test
  void aHundredThousandKeysLoadInAFewSecondsAtMost() throws Exception {
    sql("INSERT INTO agents (id, name, env) SELECT 'agt_bulk' || i, 'bulk' || i, 'default'"
        + " FROM generate_series(1, 10000) i");
    sql("INSERT INTO agent_keys (id, agent_id, key_hash) SELECT 'key_bulk' || i, 'agt_bulk' || (i % 10000 + 1),"
        + " sha256(('alk_bulk' || i)::bytea) FROM generate_series(1, 100000) i");
    long start = System.nanoTime();
    directory.load();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("load time in ms").isLessThan(5_000);
    assertThat(join("bulk" + (77 % 10000 + 1), "alk_bulk77")).isPresent();
    assertThat(directory.isKnownAgent("bulk10000")).isTrue();
  }

  private StoreAgentDirectory newDirectory(StoreAgentDirectory.Settings settings) {
    return new StoreAgentDirectory(db.dataSource(), db.database()::openDedicated, executor, settings);
  }

  private Optional<AgentIdentity> auth(String name, String key) throws Exception {
    return directory.authenticate(name, key).get(5, TimeUnit.SECONDS);
  }

  private Optional<AgentIdentity> join(String name, String key) {
    return directory.authenticate(name, key).join();
  }

  private static int listeners() {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT count(*) FROM pg_stat_activity"
                + " WHERE application_name = 'airlock-dedicated' AND datname = current_database()")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sql(String statement) {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private static void sqlWithoutTriggers(String statement) {
    try (Connection c = db.database().openDedicated();
        Statement s = c.createStatement()) {
      s.execute("SET session_replication_role = replica");
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement + ": " + e.getMessage(), e);
    }
  }

  private static Object lastUsed(String keyId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT last_used_at FROM agent_keys WHERE id = ?")) {
      ps.setString(1, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
