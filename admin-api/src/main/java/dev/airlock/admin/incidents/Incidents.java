package dev.airlock.admin.incidents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.store.AgentRepository;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.AuditLog;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.risk.TrustEvent;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Incidents on one node, assembled: the store, the detector watching the trace stream, the trigger
 * settings in force, scrutiny pins, and the actions people take. The admin API and the node use
 * this one value.
 */
public final class Incidents {
  private final IncidentRepository repository;
  private final LiveRules rules;
  private final ScrutinyPins pins;
  private final IncidentDetector detector;
  private final IncidentActions actions;
  private final TrustBook trust;
  private final AlertSink alerts;
  private final Clock clock;

  private Incidents(IncidentRepository repository, LiveRules rules, ScrutinyPins pins, IncidentDetector detector,
      IncidentActions actions, TrustBook trust, AlertSink alerts, Clock clock) {
    this.repository = repository;
    this.rules = rules;
    this.pins = pins;
    this.detector = detector;
    this.actions = actions;
    this.trust = trust;
    this.alerts = alerts;
    this.clock = clock;
  }

  /**
   * @param trust this node's trust book: incidents lower trust, pin scrutiny, restore trust
   * @param alerts where incident alerts go ({@link AlertSink#NONE}: nowhere)
   * @param agentChanged runs after an action changed an agent or its keys, with its id: the node
   *     reloads it into its agent directory before the API answers
   * @param detectorExecutor where detected events are counted in the database (one thread keeps
   *     them in order), off the trace writer's thread
   */
  public static Incidents create(DataSource dataSource, AuditLog audit, IncidentConfig config, TrustBook trust,
      AlertSink alerts, AgentRepository agents, Consumer<String> agentChanged, Executor detectorExecutor,
      Clock clock) {
    requireNonNull(alerts, "alerts");
    IncidentRepository repository = new IncidentRepository(dataSource, audit);
    LiveRules rules = new LiveRules(config.rules(), new StoredRules(dataSource, audit));
    ScrutinyPins pins = new ScrutinyPins(dataSource, trust, clock);
    IncidentDetector detector = new IncidentDetector(rules, new SignalCorrelator(dataSource, audit, clock),
        new AutoResponder(repository, trust, pins, alerts, clock), detectorExecutor);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, TicketSystem> tickets = new HashMap<>();
    if (config.tickets().jira() != null) {
      tickets.put("jira", new JiraTickets(config.tickets().jira(), http));
    }
    if (config.tickets().linear() != null) {
      tickets.put("linear", new LinearTickets(config.tickets().linear(), http));
    }
    IncidentActions actions = new IncidentActions(repository, agents, agentChanged, alerts, tickets, clock);
    return new Incidents(repository, rules, pins, detector, actions, trust, alerts, clock);
  }

  public IncidentRepository repository() {
    return repository;
  }

  /** The trigger settings in force; reload with {@link LiveRules#run} on notification. */
  public LiveRules rules() {
    return rules;
  }

  /** Reload on the {@code scrutiny_pins} notification and at start. */
  public ScrutinyPins pins() {
    return pins;
  }

  /** The trace observer that opens incidents. */
  public IncidentDetector detector() {
    return detector;
  }

  public IncidentActions actions() {
    return actions;
  }

  /**
   * Opens an incident by hand (see {@link IncidentRepository#openManual}) and publishes it as
   * opened; no auto-action runs: a person is already on it.
   */
  public Incident openManual(String env, String agent, String severity, String title,
      List<IncidentRepository.TraceRef> traces, AuditActor actor) {
    Incident created = repository.openManual(env, agent, severity, title, traces, actor,
        i -> new AuditChange("incident.open", "incident", i.id(), i.env(), null, IncidentJson.incident(i)));
    alerts.publish(IncidentAlerts.of(created, "opened", created.openedAt(),
        traces.stream().map(IncidentRepository.TraceRef::id).toList(), "opened by " + actor.keyId()));
    return created;
  }

  /**
   * Moves an incident on (see {@link IncidentRepository#transition}) and publishes the change. An
   * incident closed as a false positive gives the agent its trust back (a false_positive trust
   * event) and removes the scrutiny it pinned; both are recorded on the incident.
   */
  public Incident transition(String id, String status, String resolution, AuditActor actor) {
    Incident after = repository.transition(id, status, resolution, actor, (b, a) -> new AuditChange(
        "incident.transition", "incident", id, a.env(), IncidentJson.incident(b), IncidentJson.incident(a)));
    if (after.isClosed() && Transitions.FALSE_POSITIVE.equals(after.resolution())) {
      var change = trust.record(after.env(), after.agent(), TrustEvent.FALSE_POSITIVE, null, null);
      repository.recordAction(id, "restore_trust", actor.keyId(),
          JsonNodeFactory.instance.objectNode().put("event", TrustEvent.FALSE_POSITIVE.wireName()), true,
          JsonNodeFactory.instance.objectNode().put("score_after", change.scoreAfter()), null, null);
      pins.unpin(after.env(), after.agent(), id);
    }
    alerts.publish(IncidentAlerts.of(after, "transitioned", clock.instant(), List.of(),
        after.status() + (after.resolution() == null ? "" : ": " + after.resolution())));
    return after;
  }
}
