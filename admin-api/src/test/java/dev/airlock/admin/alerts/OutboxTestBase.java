package dev.airlock.admin.alerts;

import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.TestAudit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A store test with alert channels and their outbox over the store, local receivers, and whatever a
 * test {@linkplain #open opened} closed after it, last opened first.
 */
public abstract class OutboxTestBase extends StoreTestBase {
  /** Closed after each test, last first. */
  protected final List<AutoCloseable> open = new ArrayList<>();
  protected AlertChannelRepository channels;
  protected OutboxRepository outbox;

  @BeforeEach
  void openOutbox() {
    channels = new AlertChannelRepository(db.dataSource(), store.audit());
    outbox = new OutboxRepository(db.dataSource(), store.audit());
  }

  @AfterEach
  void closeOpened() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** A channel created from its JSON spec (single quotes allowed). */
  protected AlertChannel channel(String json) {
    return channels.create(ChannelSpecParser.create(TestEvents.json(json)), TestAudit.ACTOR);
  }

  /** A local receiver, closed after the test. */
  protected Receiver receiver() {
    Receiver r = Receiver.start();
    open.add(r);
    return r;
  }

  /** A port a receiver listened on and no longer does: a receiver that is down, to start again later. */
  protected static int freedPort() {
    try (Receiver r = Receiver.start()) {
      return r.port();
    }
  }

  /** The channel's deliveries in this status (any when null), newest first as the outbox lists them. */
  protected List<Delivery> deliveries(AlertChannel c, Delivery.Status status) {
    return outbox.list(c.id(), status, 100, null).items();
  }
}
