package dev.airlock.admin.alerts;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.delivery.DeliveryWorker;
import dev.airlock.admin.alerts.delivery.HttpTransport;
import dev.airlock.admin.alerts.delivery.Transports;
import dev.airlock.admin.alerts.render.EventFormat;
import dev.airlock.admin.alerts.render.RenderContext;
import dev.airlock.admin.alerts.siem.SyslogTransport;
import dev.airlock.admin.alerts.siem.WebhookFormats;
import dev.airlock.admin.store.AuditLog;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The alert machinery of one node, assembled: the channel snapshot (also the chat integrations'
 * {@link IntegrationSecrets}), the publisher (the {@link AlertSink} and the trace observer), the
 * delivery worker, and what the admin API calls ({@link #api()}).
 *
 * <p>{@code formats} are the webhook body formats besides JSON (CEF, OCSF) and {@code transports}
 * adds the transports of non-HTTP types (syslog); {@link #standard} registers both.
 */
public final class NodeAlerts implements AlertStats, AutoCloseable {
  private final AlertSettings settings;
  private final ChannelDirectory directory;
  private final AlertPublisher publisher;
  private final DeliveryWorker worker;
  private final AlertChannels api;
  private boolean started;
  /** Closed once delivery has stopped (the syslog connections). */
  private AutoCloseable closeAfterwards = () -> { };

  public NodeAlerts(DataSource dataSource, AuditLog audit, Predicate<String> environmentExists, AlertSettings settings,
      Map<String, EventFormat> formats, UnaryOperator<Transports> transports, HttpClient client,
      DeliveryWorker.Settings delivery, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
    AlertChannelRepository channels = new AlertChannelRepository(dataSource, audit);
    OutboxRepository outbox = new OutboxRepository(dataSource, audit);
    this.directory = new ChannelDirectory(channels);
    Transports all = transports.apply(Transports.http(
        new HttpTransport(client, Duration.ofSeconds(10), new RenderContext(settings.traceUrl(), clock), formats)));
    this.worker = new DeliveryWorker(outbox, directory::channel, all, delivery, clock);
    this.publisher = new AlertPublisher(directory, outbox,
        new AlertPublisher.Settings(settings.queueCapacity(), 500, Duration.ofSeconds(1)), worker::wake);
    this.api = new AlertChannels(channels, outbox, directory, audit, environmentExists, worker::wake,
        Duration.ofSeconds(5), clock);
  }

  /** A node's alerts with every channel type: the HTTP ones, syslog, and webhook bodies in JSON, CEF or OCSF. */
  public static NodeAlerts standard(DataSource dataSource, AuditLog audit, Predicate<String> environmentExists,
      AlertSettings settings) {
    SyslogTransport syslog = new SyslogTransport();
    NodeAlerts alerts = new NodeAlerts(dataSource, audit, environmentExists, settings, WebhookFormats.all(),
        t -> t.with(ChannelType.SYSLOG, syslog), HttpTransport.defaultClient(),
        DeliveryWorker.Settings.defaults(settings.maxAttempts()), Clock.systemUTC());
    alerts.closeAfterwards = syslog;
    return alerts;
  }

  /** Starts the outbox writer and the delivery worker; the worker claims nothing until {@code ready}. */
  public synchronized NodeAlerts start(BooleanSupplier ready) {
    if (!started) {
      started = true;
      publisher.start();
      worker.holdUntil(ready).start();
    }
    return this;
  }

  /** Upserts the config file's channels and loads the snapshot (once the database is reachable). */
  public void load() {
    api.declare(settings.channels());
  }

  public ChannelDirectory directory() {
    return directory;
  }

  /** Where events go (incidents publish here); also the observer of every trace. */
  public AlertPublisher publisher() {
    return publisher;
  }

  public IntegrationSecrets secrets() {
    return directory;
  }

  public AlertChannels api() {
    return api;
  }

  @Override
  public long droppedEvents() {
    return publisher.droppedCount();
  }

  @Override
  public long storedEvents() {
    return publisher.storedCount();
  }

  @Override
  public long queuedEvents() {
    return publisher.queued();
  }

  @Override
  public Map<Outcome, Long> deliveries() {
    Map<Outcome, Long> out = new HashMap<>();
    worker.outcomes().forEach((key, n) -> {
      int tab = key.indexOf('\t');
      String id = key.substring(0, tab);
      String name = directory.channel(id).map(AlertChannel::name).orElse(id);
      out.merge(new Outcome(name, key.substring(tab + 1)), n, Long::sum);
    });
    return out;
  }

  /** Writes queued events to the outbox, then stops delivering. */
  @Override
  public synchronized void close() {
    publisher.close();
    worker.close();
    try {
      closeAfterwards.close();
    } catch (Exception e) {
      // Connections to receivers: nothing is lost by closing them badly.
    }
  }
}
