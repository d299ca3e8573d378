package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock incident}: incidents opened by triggers or by hand, and what is done about them. */
@Command(
    mixinStandardHelpOptions = true,
    name = "incident",
    description = {
      "List, show, open, transition, annotate and act on incidents.",
      "",
      "Triggers open incidents by themselves (a CRITICAL DENY, 5 DENYs of one agent in 1 h, a threat-intel"
          + " match, read-then-write exfiltration, a trust drop of more than 0.3 in 1 h, an ephemeral key"
          + " used out of scope; thresholds in airlock.yaml under incidents.triggers or through"
          + " PUT /api/v1/incidents/settings). Later events of the same agent and trigger are added to the"
          + " open incident. An incident moves open -> investigating -> closed (or open -> closed); closing"
          + " needs a resolution: false_positive, agent_misbehavior, agent_compromised, policy_gap or"
          + " infrastructure. Notes are kept as written, never edited."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      IncidentCommand.ListIncidents.class,
      IncidentCommand.Show.class,
      IncidentCommand.Open.class,
      IncidentCommand.Transition.class,
      IncidentCommand.Note.class,
      IncidentCommand.Action.class,
      IncidentCommand.Stats.class
    })
public final class IncidentCommand implements Callable<Integer> {
  static final String RESOURCE = "incidents";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  /** Incident statuses, as the API spells them. */
  enum Status {
    open,
    investigating,
    closed
  }

  /** Resolution codes. */
  enum Resolution {
    false_positive,
    agent_misbehavior,
    agent_compromised,
    policy_gap,
    infrastructure
  }

  /** Actions a person may take. */
  enum ActionKind {
    suspend_agent,
    unsuspend_agent,
    rotate_key,
    notify_channel,
    open_ticket
  }

  /** Ticket systems. */
  enum TicketSystemName {
    jira,
    linear
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List incidents, newest first.",
      sortOptions = false)
  static final class ListIncidents implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only incidents of this environment.")
    private String env;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only incidents with this status: open,"
        + " investigating or closed.")
    private Status status;

    @Option(names = "--severity", paramLabel = "SEVERITY", description = "Only incidents of this severity: LOW,"
        + " MEDIUM, HIGH or CRITICAL.")
    private String severity;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Only incidents about this agent (name).")
    private String agent;

    @Option(names = "--trigger", paramLabel = "TRIGGER", description = "Only incidents of this trigger (e.g."
        + " deny_burst, manual).")
    private String trigger;

    @Mixin private TimeRangeOptions range;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      query.put("status", status == null ? null : status.name());
      query.put("severity", severity);
      query.put("agent", agent);
      query.put("trigger", trigger);
      range.putInto(query);
      page.putInto(query);
      ApiResponse response = api.client().get(RESOURCE, query);
      Table table = Table.of(Table.column("ID"), Table.column("STATUS"), Table.column("SEVERITY"),
          Table.column("ENV"), Table.column("AGENT", 30), Table.column("TRIGGER"), Table.column("TRACES"),
          Table.column("OPENED"));
      Output output = api.output();
      output.page(response, table, i -> new Object[] {
          Output.text(i, "id"), Output.text(i, "status"), Output.text(i, "severity"), Output.text(i, "env"),
          Output.text(i, "agent"), Output.text(i, "trigger"), Output.text(i, "trace_count"),
          Output.time(Output.text(i, "opened_at"))}, "No incidents.", "incidents");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "show",
      description = "Show one incident with its timeline, notes and actions.", sortOptions = false)
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The incident's id (inc_…).")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode incident = api.client().get(ApiClient.path(RESOURCE, id), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(incident);
      } else {
        output.print(IncidentText.details(incident));
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "open",
      description = "Open an incident by hand from one or more traces of one agent.", sortOptions = false)
  static final class Open implements Callable<Integer> {
    @Option(names = "--trace", paramLabel = "TRACE_ID", required = true,
        description = "A trace of the incident (trc_…); repeat for several.")
    private List<String> traces;

    @Option(names = "--title", paramLabel = "TITLE", description = "Title (default: 'Opened by hand: AGENT').")
    private String title;

    @Option(names = "--severity", paramLabel = "SEVERITY",
        description = "LOW, MEDIUM, HIGH or CRITICAL (default: the highest of the traces').")
    private String severity;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      ArrayNode ids = body.putArray("trace_ids");
      traces.forEach(ids::add);
      if (title != null) {
        body.put("title", title);
      }
      if (severity != null) {
        body.put("severity", severity);
      }
      JsonNode incident = api.client().post(RESOURCE, Map.of(), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(incident);
      } else {
        output.line("Opened " + Output.text(incident, "id") + ": " + Output.text(incident, "title") + " ("
            + Output.text(incident, "severity") + ", " + Output.text(incident, "trace_count") + " trace(s)).");
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "transition",
      description = "Move an incident on: open -> investigating -> closed, or open -> closed.", sortOptions = false)
  static final class Transition implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The incident's id (inc_…).")
    private String id;

    @Option(names = "--status", paramLabel = "STATUS", required = true,
        description = "investigating or closed.")
    private Status status;

    @Option(names = "--resolution", paramLabel = "RESOLUTION", description = "Required to close: false_positive,"
        + " agent_misbehavior, agent_compromised, policy_gap or infrastructure. false_positive gives the agent its"
        + " trust back and removes the scrutiny the incident pinned.")
    private Resolution resolution;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("status", status.name());
      if (resolution != null) {
        body.put("resolution", resolution.name());
      }
      JsonNode incident = api.client().post(ApiClient.path(RESOURCE, id, "transition"), Map.of(), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(incident);
      } else {
        String res = incident.hasNonNull("resolution") ? " (" + Output.text(incident, "resolution") + ")" : "";
        output.line("Incident " + Output.text(incident, "id") + " is " + Output.text(incident, "status") + res + ".");
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "note",
      description = "Add a note to an incident (kept as written, with you as author).", sortOptions = false)
  static final class Note implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The incident's id (inc_…).")
    private String id;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The note.")
    private String text;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode note = api.client().post(ApiClient.path(RESOURCE, id, "notes"), Map.of(),
          JsonNodeFactory.instance.objectNode().put("text", text)).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(note);
      } else {
        output.line("Noted on " + id + " at " + Output.time(Output.text(note, "time")) + ".");
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "action",
      description = {
        "Act on an incident: suspend_agent (every node refuses the agent within a second), unsuspend_agent,"
            + " rotate_key (the new key is shown once), notify_channel --channel C, open_ticket --system"
            + " jira|linear (configured under incidents.tickets in airlock.yaml)."
      },
      sortOptions = false)
  static final class Action implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The incident's id (inc_…).")
    private String id;

    @Parameters(index = "1", paramLabel = "ACTION", description = "suspend_agent, unsuspend_agent, rotate_key,"
        + " notify_channel or open_ticket.")
    private ActionKind action;

    @Option(names = "--channel", paramLabel = "CHANNEL", description = "notify_channel: the alert channel's id.")
    private String channel;

    @Option(names = "--system", paramLabel = "SYSTEM", description = "open_ticket: jira or linear.")
    private TicketSystemName system;

    @Option(names = "--key", paramLabel = "KEY_ID", description = "rotate_key: the key to rotate (default: the"
        + " agent's only active key).")
    private String keyId;

    @Option(names = "--grace-seconds", paramLabel = "SECONDS", description = "rotate_key: how long the old key"
        + " keeps working (default 0: revoked at once).")
    private Integer grace;

    @Mixin private ApiOptions api;

    @Spec private CommandSpec spec;

    @Override
    public Integer call() {
      if (action == ActionKind.notify_channel && channel == null) {
        throw new ParameterException(spec.commandLine(), "notify_channel needs --channel CHANNEL");
      }
      if (action == ActionKind.open_ticket && system == null) {
        throw new ParameterException(spec.commandLine(), "open_ticket needs --system jira|linear");
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("action", action.name());
      if (channel != null) {
        body.put("channel", channel);
      }
      if (system != null) {
        body.put("system", system.name());
      }
      if (keyId != null) {
        body.put("key_id", keyId);
      }
      if (grace != null) {
        body.put("grace_seconds", grace);
      }
      JsonNode done = api.client().post(ApiClient.path(RESOURCE, id, "actions"), Map.of(), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(done);
      } else {
        output.line(IncidentText.actionLine(id, done));
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "stats",
      description = "Per trigger: incidents opened, closed, closed as false positives, and the false-positive ratio.",
      sortOptions = false)
  static final class Stats implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only incidents of this environment.")
    private String env;

    @Option(names = "--since", paramLabel = "TIME", description = "Only incidents opened since (ISO-8601 or 7d).")
    private String since;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      query.put("since", since);
      ApiResponse response = api.client().get(ApiClient.path(RESOURCE, "stats"), query);
      Table table = Table.of(Table.column("TRIGGER"), Table.column("OPENED"), Table.column("CLOSED"),
          Table.column("FALSE POSITIVES"), Table.column("FP RATIO"));
      api.output().list(response.data(), table, s -> new Object[] {
          Output.text(s, "trigger"), Output.text(s, "opened"), Output.text(s, "closed"),
          Output.text(s, "false_positives"),
          String.format(java.util.Locale.ROOT, "%.2f", s.path("false_positive_ratio").asDouble())}, "No incidents.");
      return 0;
    }
  }
}
