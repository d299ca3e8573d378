package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.alerts.delivery.DeliveryWorker;
import dev.airlock.admin.alerts.delivery.HttpTransport;
import dev.airlock.admin.alerts.delivery.Transports;
import dev.airlock.admin.alerts.render.RenderContext;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.TestAudit;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** A node's alert parts over a test database, with fast retries. */
final class AlertFixture implements AutoCloseable {
  final AlertChannelRepository channels;
  final OutboxRepository outbox;
  final ChannelDirectory directory;
  final DeliveryWorker worker;
  final AlertPublisher publisher;

  AlertFixture(javax.sql.DataSource ds, StoreRepositories store, int maxAttempts) {
    this(ds, store, new DeliveryWorker.Settings(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(1),
        Duration.ofSeconds(30), 50, Duration.ofMillis(50)));
  }

  AlertFixture(javax.sql.DataSource ds, StoreRepositories store, DeliveryWorker.Settings settings) {
    channels = new AlertChannelRepository(ds, store.audit());
    outbox = new OutboxRepository(ds, store.audit());
    directory = new ChannelDirectory(channels);
    worker = new DeliveryWorker(outbox, directory::channel, Transports.http(new HttpTransport(
        HttpTransport.defaultClient(), Duration.ofSeconds(5), new RenderContext(null, null), Map.of())),
        settings, Clock.systemUTC());
    publisher = new AlertPublisher(directory, outbox, new AlertPublisher.Settings(1000, 100, Duration.ofMillis(100)),
        worker::wake);
  }

  AlertFixture start() {
    publisher.start();
    worker.start();
    return this;
  }

  AlertChannel add(String json) {
    AlertChannel c = channels.create(ChannelSpecParser.create(ChannelSpecParserTest.json(json)), TestAudit.ACTOR);
    directory.reload();
    return c;
  }

  static JsonNode json(String text) {
    return ChannelSpecParserTest.json(text);
  }

  @Override
  public void close() {
    publisher.close();
    worker.close();
  }
}
