package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.incidents.IncidentDetail.ActionRecord;
import dev.airlock.admin.store.Agent;
import dev.airlock.admin.store.AgentKey;
import dev.airlock.admin.store.AgentRepository;
import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.KeyRotation;
import dev.airlock.admin.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person does about an incident: suspend or unsuspend its agent (the agent directory of
 * every node follows by notification; a suspended agent's requests are refused with 407), rotate
 * the agent's key, notify an alert channel, open a ticket. Each is recorded on the incident and in
 * the audit log; a change to the agent is audited as the agent API audits it.
 */
public final class IncidentActions {
  public static final List<String> KINDS =
      List.of("suspend_agent", "unsuspend_agent", "rotate_key", "notify_channel", "open_ticket");
  private static final Logger LOG = LoggerFactory.getLogger(IncidentActions.class);

  private final IncidentRepository incidents;
  private final AgentRepository agents;
  private final Consumer<String> agentChanged;
  private final AlertSink alerts;
  private final Map<String, TicketSystem> tickets;
  private final Clock clock;

  IncidentActions(IncidentRepository incidents, AgentRepository agents, Consumer<String> agentChanged,
      AlertSink alerts, Map<String, TicketSystem> tickets, Clock clock) {
    this.incidents = incidents;
    this.agents = agents;
    this.agentChanged = agentChanged;
    this.alerts = alerts;
    this.tickets = Map.copyOf(tickets);
    this.clock = clock;
  }

  /**
   * What was asked.
   *
   * @param kind one of {@link #KINDS}
   * @param channel notify_channel: the alert channel's id
   * @param system open_ticket: jira or linear
   * @param keyId rotate_key: the key to rotate (null: the agent's only active long-lived key)
   * @param graceSeconds rotate_key: how long the old key keeps working
   */
  public record Request(String kind, String channel, String system, String keyId, long graceSeconds) {}

  /**
   * @param record the action as recorded on the incident
   * @param response what the caller is answered: the record, plus a rotated key's secret (once)
   */
  public record Outcome(ActionRecord record, ObjectNode response) {
    public boolean ok() {
      return "ok".equals(record.outcome());
    }
  }

  /**
   * Performs and records one action.
   *
   * @throws StoreException INVALID for a request that names no valid action or misses a parameter;
   *     NOT_FOUND when the agent or the channel does not exist; CONFLICT when the agent has no key to
   *     rotate or the ticket system is not configured
   */
  public Outcome perform(Incident incident, Request req, AuditActor actor) {
    Done done = switch (req.kind()) {
      case "suspend_agent", "unsuspend_agent" -> setStatus(incident, req.kind(), actor);
      case "rotate_key" -> rotate(incident, req, actor);
      case "notify_channel" -> notify(incident, req.channel(), actor);
      case "open_ticket" -> ticket(incident, req.system());
      default -> throw StoreException.invalid("invalid_field", "action",
          "action: \"" + req.kind() + "\" (expected: one of " + String.join(", ", KINDS) + ")");
    };
    ActionRecord record = incidents.recordAction(incident.id(), req.kind(), actor.keyId(), done.params(), done.ok(),
        done.result(), actor, new AuditChange("incident.action", "incident", incident.id(), incident.env(), null,
            JsonNodeFactory.instance.objectNode().put("action", req.kind()).put("outcome", done.ok() ? "ok" : "failed")
                .<ObjectNode>set("parameters", done.params().deepCopy())));
    ObjectNode response = IncidentJson.action(record);
    if (done.newKey() != null) {
      response.set("new_key", done.newKey());
    }
    return new Outcome(record, response);
  }

  /** What an action did: its parameters and result as recorded, and a rotated key's secret (never recorded). */
  private record Done(ObjectNode params, boolean ok, ObjectNode result, ObjectNode newKey) {}

  private Done setStatus(Incident incident, String kind, AuditActor actor) {
    Agent agent = agent(incident);
    boolean suspend = kind.equals("suspend_agent");
    Agent after = agents.setStatus(agent.id(), suspend ? Agent.SUSPENDED : Agent.ACTIVE, actor,
        (b, a) -> new AuditChange(suspend ? "agent.suspend" : "agent.unsuspend", "agent", a.id(), a.env(),
            agentView(b), agentView(a)));
    agentChanged.accept(agent.id());
    return new Done(JsonNodeFactory.instance.objectNode().put("agent_id", agent.id()), true,
        JsonNodeFactory.instance.objectNode().put("agent_id", after.id()).put("status", after.status()), null);
  }

  private Done rotate(Incident incident, Request req, AuditActor actor) {
    Agent agent = agent(incident);
    String keyId = req.keyId() != null ? req.keyId() : onlyKey(agent);
    KeyRotation r = agents.keys().rotate(agent.id(), keyId, req.graceSeconds(), actor,
        (b, a) -> new AuditChange("agent.key.rotate", "agent", agent.id(), agent.env(), rotationView(b),
            rotationView(a)));
    agentChanged.accept(agent.id());
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("agent_id", agent.id()).put("key_id", keyId)
        .put("grace_seconds", req.graceSeconds());
    ObjectNode result = JsonNodeFactory.instance.objectNode().put("old_key_id", r.old().id())
        .put("new_key_id", r.replacement().key().id());
    return new Done(params, true, result, JsonNodeFactory.instance.objectNode()
        .put("id", r.replacement().key().id()).put("secret", r.replacement().secret()));
  }

  private Done notify(Incident incident, String channel, AuditActor actor) {
    if (channel == null || channel.isBlank()) {
      throw StoreException.invalid("missing_field", "channel", "channel: required for notify_channel");
    }
    boolean sent = alerts.publishTo(channel, IncidentAlerts.of(incident, "action", clock.instant(), List.of(),
        "notified by " + actor.keyId()));
    if (!sent) {
      throw StoreException.notFound("alert channel not found: " + channel);
    }
    return new Done(JsonNodeFactory.instance.objectNode().put("channel", channel), true,
        JsonNodeFactory.instance.objectNode().put("queued", true), null);
  }

  private Done ticket(Incident incident, String system) {
    if (system == null || !(system.equals("jira") || system.equals("linear"))) {
      throw StoreException.invalid("invalid_field", "system",
          "system: " + (system == null ? "required" : "\"" + system + "\"") + " (expected: jira or linear)");
    }
    TicketSystem target = tickets.get(system);
    if (target == null) {
      throw new StoreException(StoreException.Kind.CONFLICT, "ticket_system_not_configured",
          system + " is not configured (incidents.tickets." + system + " in airlock.yaml)", "system");
    }
    ObjectNode params = JsonNodeFactory.instance.objectNode().put("system", system);
    try {
      Ticket t = target.open(incidents.detail(incident));
      return new Done(params, true, JsonNodeFactory.instance.objectNode().put("system", t.system())
          .put("key", t.key()).put("url", t.url()), null);
    } catch (IOException e) {
      LOG.warn("incident {}: opening a {} ticket failed: {}", incident.id(), system, e.getMessage());
      return new Done(params, false, JsonNodeFactory.instance.objectNode().put("error", e.getMessage()), null);
    }
  }

  private Agent agent(Incident incident) {
    return agents.findByName(incident.env(), incident.agent()).orElseThrow(() -> StoreException.notFound(
        "agent " + incident.agent() + " of environment " + incident.env() + " no longer exists"));
  }

  private String onlyKey(Agent agent) {
    List<AgentKey> active = agents.keys().list(agent.id()).stream()
        .filter(k -> !k.isEphemeral() && AgentKey.ACTIVE.equals(k.status(clock.instant())))
        .toList();
    if (active.isEmpty()) {
      throw StoreException.conflict("agent " + agent.name() + " has no active key to rotate");
    }
    if (active.size() > 1) {
      throw StoreException.invalid("missing_field", "key_id", "key_id: required, agent " + agent.name() + " has "
          + active.size() + " active keys");
    }
    return active.get(0).id();
  }

  private static ObjectNode agentView(Agent a) {
    return a == null ? null : JsonNodeFactory.instance.objectNode().put("id", a.id()).put("name", a.name())
        .put("env", a.env()).put("status", a.status());
  }

  private static ObjectNode rotationView(KeyRotation r) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("old_key", r.old().id());
    n.put("new_key", r.replacement() == null ? null : r.replacement().key().id());
    return n;
  }
}
