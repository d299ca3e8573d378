package dev.airlock.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.admin.bootstrap.BootstrapResult;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreStartupTest {
  private static final BootstrapResult DONE = new BootstrapResult(true, Optional.of("alk_k"), Optional.of("alt_t"),
      List.of(), Path.of("admin-token"), Path.of("quickstart.env"), true);

  private final List<String> told = new CopyOnWriteArrayList<>();
  private final List<BootstrapResult> opened = new CopyOnWriteArrayList<>();
  private final NodeEvents events = new NodeEvents() {
    @Override
    public void storeUnavailable(String reason) {
      told.add(reason);
    }

    @Override
    public void storeOpened(BootstrapResult bootstrap) {
      opened.add(bootstrap);
    }
  };

  @Test
  void anUnreachableDatabaseIsToldOnceAndRetriedUntilItAnswers() {
    AtomicInteger attempts = new AtomicInteger();
    try (StoreStartup startup = new StoreStartup("jdbc:postgresql://db/x", () -> {
      int n = attempts.incrementAndGet();
      if (n < 4) {
        throw new StoreException(StoreException.Kind.UNAVAILABLE, "unavailable",
            "the database at db is not reachable: timed out after " + (5000 + n) + " ms", null);
      }
      return DONE;
    }, events, Duration.ofMillis(300))) {
      assertThat(startup.tryNow()).isFalse();
      assertThat(startup.isOpen()).isFalse();
      assertThat(startup.result()).isNull();
      startup.retryInBackground();
      Poll.until(Duration.ofSeconds(10), "the store to open", startup::isOpen);
      Poll.until(Duration.ofSeconds(5), "the event", () -> opened.size() == 1);
      assertThat(startup.result()).isSameAs(DONE);
      assertThat(attempts.get()).isEqualTo(4);
      assertThat(told).hasSize(1);
      assertThat(told.get(0)).startsWith("the database at db is not reachable");
    }
  }

  @Test
  void otherFailuresStopTheStart() {
    try (StoreStartup startup = new StoreStartup("jdbc:postgresql://db/x", () -> {
      throw StoreException.invalid("invalid_policy", "rules", "invalid policy file x.json: rules: missing");
    }, events, Duration.ofMillis(300))) {
      assertThatThrownBy(startup::tryNow).hasMessageContaining("invalid policy file");
      assertThat(told).isEmpty();
    }
  }
}
