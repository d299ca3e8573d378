package dev.airlock.admin.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A real, migrated PostgreSQL for one test class ({@link TestDatabase}), with the store's
 * repositories over it, emptied before each test. JUnit runs a superclass's {@code @BeforeAll} for
 * every subclass, before the subclass's own, and its {@code @BeforeEach} before the subclass's: a
 * subclass's own set-up already finds the store started and empty.
 */
public abstract class StoreTestBase {
  /** What the store holds when a test starts. */
  protected enum Seed {
    /** Nothing at all. */
    EMPTY,
    /** The environment {@code default} ("Default"). */
    DEFAULT_ENVIRONMENT
  }

  protected static TestDatabase db;
  protected static StoreRepositories store;

  private final Seed seed;

  /** A store holding the {@code default} environment when each test starts. */
  protected StoreTestBase() {
    this(Seed.DEFAULT_ENVIRONMENT);
  }

  protected StoreTestBase(Seed seed) {
    this.seed = seed;
  }

  @BeforeAll
  static void startStore() {
    db = TestDatabase.start();
    store = StoreRepositories.on(db.dataSource());
  }

  @AfterAll
  static void stopStore() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void emptyStore() {
    db.truncateAll();
    if (seed == Seed.DEFAULT_ENVIRONMENT) {
      store.environments().create(Environment.of("default", "Default"));
    }
  }
}
