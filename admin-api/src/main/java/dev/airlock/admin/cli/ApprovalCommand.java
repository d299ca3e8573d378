package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock approval}: requests a policy holds until a human approves or denies them. */
@Command(
    mixinStandardHelpOptions = true,
    name = "approval",
    description = {
      "List, show, approve and deny requests held for approval.",
      "",
      "A policy rule with action REQUIRE_APPROVAL holds the agent's request open for the"
          + " environment's approval hold (25 s unless set with 'airlock env update --approval-hold')."
          + " Approved in that time, the request goes through; denied, the agent gets 403 DENY;"
          + " otherwise it gets 403 with the approval id and retries the identical request later."
          + " Once approved, the identical request (same agent, tool, operation, host and body)"
          + " goes through for the grant window (approvals.grant_window, 10 minutes by default)."
          + " Approvals nobody decides expire (approvals.expire_after, 24 hours by default)."
          + " Each approval is decided once; every decision is recorded in the audit log."
    },
    commandListHeading = "%nCommands:%n",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      ApprovalCommand.ListApprovals.class,
      ApprovalCommand.Show.class,
      ApprovalCommand.Approve.class,
      ApprovalCommand.Deny.class
    })
public final class ApprovalCommand implements Callable<Integer> {
  static final String RESOURCE = "approvals";

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    throw AirlockCommand.missingSubcommand(spec);
  }

  /** Approval statuses, as the API spells them. */
  enum Status {
    pending,
    approved,
    denied,
    expired
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "List approvals, newest request first.",
      sortOptions = false)
  static final class ListApprovals implements Callable<Integer> {
    @Option(names = "--env", paramLabel = "ENV", description = "Only approvals of this environment.")
    private String env;

    @Option(names = "--status", paramLabel = "STATUS",
        description = "Only approvals with this status: pending, approved, denied or expired.")
    private Status status;

    @Option(names = "--agent", paramLabel = "AGENT", description = "Only approvals asked for by this agent (name).")
    private String agent;

    @Mixin private TimeRangeOptions range;

    @Mixin private PageOptions page;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("env", env);
      query.put("status", status == null ? null : status.name());
      query.put("agent", agent);
      range.putInto(query);
      page.putInto(query);
      ApiResponse response = api.client().get(RESOURCE, query);
      Table table = Table.of(
          Table.column("ID"),
          Table.column("STATUS"),
          Table.column("ENV"),
          Table.column("AGENT", 30),
          Table.column("REQUEST", 40),
          Table.column("HOST", 30),
          Table.column("REQUESTED"));
      Output output = api.output();
      output.page(response, table, a -> new Object[] {
          Output.text(a, "id"),
          Output.text(a, "status"),
          Output.text(a, "env"),
          Output.text(a, "agent"),
          Output.text(a, "tool") + " " + Output.text(a, "operation"),
          Output.text(a, "host"),
          Output.time(Output.text(a, "requested_at"))},
          status == null ? "No approvals." : "No " + status.name() + " approvals.", "approvals");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true, name = "show", description = "Show one approval.", sortOptions = false)
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The approval's id (apr_…).")
    private String id;

    @Mixin private ApiOptions api;

    @Override
    public Integer call() {
      JsonNode approval = api.client().get(ApiClient.path(RESOURCE, id), Map.of()).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(approval);
      } else {
        output.print(details(approval));
      }
      return 0;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "approve",
      description = {
        "Approve a pending request: a request held for it goes through at once, on whichever node holds"
            + " it, and the identical request is let through for the grant window."
      },
      sortOptions = false)
  static final class Approve implements Callable<Integer> {
    @Mixin private Decide decide;

    @Override
    public Integer call() {
      return decide.run("approve", "Approved");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "deny",
      description = "Deny a pending request: a request held for it is answered 403 DENY at once.",
      sortOptions = false)
  static final class Deny implements Callable<Integer> {
    @Mixin private Decide decide;

    @Override
    public Integer call() {
      return decide.run("deny", "Denied");
    }
  }

  /** The ID and --note of approve and deny. */
  static final class Decide {
    @Parameters(index = "0", paramLabel = "ID", description = "The approval's id (apr_…).")
    String id;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the record (kept with the decision).")
    String note;

    @Mixin ApiOptions api;

    int run(String action, String done) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      if (note != null) {
        body.put("note", note);
      }
      JsonNode approval = api.client().post(ApiClient.path(RESOURCE, id, action), Map.of(), body).data();
      Output output = api.output();
      if (output.isJson()) {
        output.json(approval);
      } else {
        output.line(done + " " + Output.text(approval, "id") + ": " + Output.text(approval, "agent") + " "
            + Output.text(approval, "tool") + " " + Output.text(approval, "operation") + " to "
            + Output.text(approval, "host") + " (environment '" + Output.text(approval, "env") + "').");
      }
      return 0;
    }
  }

  private static String details(JsonNode a) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("ID", Output.text(a, "id"));
    fields.put("Status", Output.text(a, "status"));
    fields.put("Environment", Output.text(a, "env"));
    fields.put("Agent", Output.text(a, "agent"));
    fields.put("Request", Output.text(a, "method") + " " + Output.text(a, "host") + Output.text(a, "path"));
    fields.put("Tool", Output.text(a, "tool") + " " + Output.text(a, "operation"));
    fields.put("Reasons", Output.joined(a.path("reasons")));
    fields.put("Rule", Output.text(a, "rule"));
    fields.put("Severity", Output.text(a, "severity"));
    fields.put("Body SHA-256", Output.text(a, "body_sha256"));
    fields.put("Trace", Output.text(a, "trace_id"));
    fields.put("Requested", Output.time(Output.text(a, "requested_at")));
    fields.put("Expires", Output.time(Output.text(a, "expires_at")));
    if (a.hasNonNull("decided_at")) {
      fields.put("Decided", Output.time(Output.text(a, "decided_at")));
      fields.put("Decided by", Output.text(a, "decided_by"));
    }
    if (a.hasNonNull("decision_note")) {
      fields.put("Note", Output.text(a, "decision_note"));
    }
    return Table.details(fields);
  }
}
