package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.spi.AgentIdentity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StoreAgentDirectoryTest {
  private static TestDatabase db;
  private static StoreRepositories store;
  private static ExecutorService executor;
  private StoreAgentDirectory directory;
  private CreatedAgent bot;

  @BeforeAll
  static void start() {
    db = TestDatabase.start();
    store = StoreRepositories.on(db.dataSource());
    executor = BoundedExecutor.create("auth", 2, 100);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
    db.close();
  }

  @BeforeEach
  void setUp() {
    db.truncateAll();
    store.environments().create(Environment.of("default", "Default"));
    bot = store.agents().create("bot", "default", "crewai");
    directory = new StoreAgentDirectory(store.agents(), executor);
  }

  @Test
  void rightKeyAuthenticatesOthersDoNot() throws Exception {
    assertThat(auth("bot", bot.key().secret()))
        .contains(new AgentIdentity(bot.agent().id(), "bot", bot.key().id(), "default", "crewai"));
    assertThat(auth("bot", bot.key().secret())).isPresent(); // from the cache
    assertThat(auth("bot", "alk_wrong")).isEmpty();
    assertThat(auth("nobody", bot.key().secret())).isEmpty();
    assertThat(auth("bot", "")).isEmpty();
    assertThat(auth("bot", "x".repeat(10_000))).isEmpty();
  }

  @Test
  void suspensionAndRevocationTakeEffectWithinOneSecond() throws Exception {
    assertThat(auth("bot", bot.key().secret())).isPresent();
    store.agents().setStatus(bot.agent().id(), Agent.SUSPENDED);
    Poll.until(Duration.ofMillis(1500), "suspension to apply", () -> join("bot", bot.key().secret()).isEmpty());

    store.agents().setStatus(bot.agent().id(), Agent.ACTIVE);
    Poll.until(Duration.ofMillis(1500), "unsuspension to apply", () -> join("bot", bot.key().secret()).isPresent());
    store.agents().revokeKey(bot.key().id());
    Poll.until(Duration.ofMillis(1500), "revocation to apply", () -> join("bot", bot.key().secret()).isEmpty());
  }

  @Test
  void recordsKeyUseOnceNotPerRequest() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(auth("bot", bot.key().secret())).isPresent();
    }
    Poll.until(Duration.ofSeconds(5), "last_used_at", () -> lastUsed(bot.key().id()) != null);
  }

  private Optional<AgentIdentity> auth(String name, String key) throws Exception {
    return directory.authenticate(name, key).get(5, TimeUnit.SECONDS);
  }

  private Optional<AgentIdentity> join(String name, String key) {
    return directory.authenticate(name, key).join();
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
