package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The database stops and starts again under a directory that is in service. */
@Tag("reliability")
class StoreAgentDirectoryOutageTest {
  @Test
  void knownAgentsAuthenticateThroughAnOutageAndChangesFlowAgainAfterIt() throws Exception {
    ExecutorService executor = BoundedExecutor.create("auth", 2, 100);
    try (StoppablePostgres pg = new StoppablePostgres().start();
        Database database = Database.external(pg.jdbcUrl(), new Database.PoolSettings(2, Duration.ofSeconds(3)));
        StoreAgentDirectory directory = new StoreAgentDirectory(database.dataSource(), database::openDedicated,
            executor, new StoreAgentDirectory.Settings(Duration.ofMillis(200), Duration.ofMinutes(1), 1_000))) {
      StoreRepositories store = StoreRepositories.on(database.dataSource());
      store.environments().create(Environment.of("default", "Default"));
      CreatedAgent bot = store.agents().create("bot", "default", "custom");
      directory.load();
      directory.listen();

      pg.stop();
      Poll.until(Duration.ofSeconds(20), "the database to be down", () -> !database.isReady());
      // Several resync periods pass with the database gone; every answer comes from memory at once.
      long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      int answered = 0;
      while (System.nanoTime() < end) {
        assertThat(directory.authenticate("bot", bot.key().secret()).get(100, TimeUnit.MILLISECONDS)).isPresent();
        assertThat(directory.authenticate("bot", "alk_unknown").get(100, TimeUnit.MILLISECONDS)).isEmpty();
        answered++;
      }
      assertThat(answered).isPositive();
      assertThat(directory.isKnownAgent("bot")).isTrue();

      pg.start();
      Poll.until(Duration.ofSeconds(20), "the database to be back", database::isReady);
      CreatedAgent late = store.agents().create("late", "default", "custom");
      store.agents().setStatus(bot.agent().id(), Agent.SUSPENDED, TestAudit.ACTOR, TestAudit.change("agent.status"));
      Poll.until(Duration.ofSeconds(15), "changes after the outage", () ->
          directory.authenticate("late", late.key().secret()).join().isPresent()
              && directory.authenticate("bot", bot.key().secret()).join().isEmpty());
    } finally {
      executor.shutdownNow();
    }
  }
}
