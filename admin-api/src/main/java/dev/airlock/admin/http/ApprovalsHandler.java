package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.ApprovalDecision;
import dev.airlock.admin.store.ApprovalJson;
import dev.airlock.admin.store.ApprovalPage;
import dev.airlock.admin.store.ApprovalQuery;
import dev.airlock.admin.store.ApprovalRepository;
import dev.airlock.proxy.spi.ApprovalStatus;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /api/v1/approvals}: list (filtered by env, status, agent, time; keyset-paged), read one,
 * and decide one with {@code POST /{id}/approve} or {@code /{id}/deny} (optional body {@code
 * {"note": "..."}}). A decision is taken once: the same decision again answers 200 unchanged, the
 * other one (or deciding an expired approval) 409 with the current status. Each decision is
 * audited and handed to {@code decided} before the answer, so the requests this node holds for it
 * continue at once. Environment-scoped keys see their environment's approvals only.
 */
final class ApprovalsHandler implements ResourceHandler {
  private static final Set<String> DECIDE_FIELDS = Set.of("note");
  private static final int MAX_NOTE = 2000;

  private final ApprovalRepository approvals;
  private final ObjectMapper json;
  private final Envelope envelope;
  private final Clock clock;
  private final Consumer<Approval> decided;

  ApprovalsHandler(ApprovalRepository approvals, ObjectMapper json, Envelope envelope, Clock clock,
      Consumer<Approval> decided) {
    this.approvals = approvals;
    this.json = json;
    this.envelope = envelope;
    this.clock = clock;
    this.decided = decided;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    List<String> path = req.segments();
    return switch (path.size()) {
      case 1 -> {
        if (!req.isGet()) {
          throw ApiException.methodNotAllowed(req);
        }
        yield list(req);
      }
      case 2 -> {
        if (!req.isGet()) {
          throw ApiException.methodNotAllowed(req);
        }
        yield envelope.ok(req, view(visible(req, path.get(1))));
      }
      case 3 -> decide(req, path.get(1), path.get(2));
      default -> throw ApiException.notFound("no such resource: " + req.path());
    };
  }

  private ApiResponse list(ApiRequest req) {
    Instant now = Instant.now(clock);
    String status = req.param("status");
    ApprovalStatus wanted = status == null ? null : ApprovalStatus.of(status);
    if (status != null && wanted == null) {
      throw ApiException.badRequest("invalid_parameter", "status",
          "status: \"" + status + "\" (expected: pending, approved, denied, expired)");
    }
    ApprovalQuery query = new ApprovalQuery(
        Scopes.listEnv(req.principal(), req.param("env")),
        wanted,
        req.param("agent"),
        TimeParam.parse("since", req.param("since"), now),
        TimeParam.parse("until", req.param("until"), now),
        ListParams.limit(req.param("limit")),
        ListParams.cursor(req.param("cursor")));
    ApprovalPage page = approvals.list(query);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    page.items().forEach(a -> items.add(view(a)));
    return envelope.list(req, items, page.next() == null ? null : page.next().encode(), page.total());
  }

  private ApiResponse decide(ApiRequest req, String id, String action) {
    ApprovalStatus decision = switch (action) {
      case "approve" -> ApprovalStatus.APPROVED;
      case "deny" -> ApprovalStatus.DENIED;
      default -> throw ApiException.notFound("no such resource: " + req.path());
    };
    if (!HttpMethod.POST.equals(req.method())) {
      throw ApiException.methodNotAllowed(req);
    }
    String note = note(req);
    visible(req, id);
    ApprovalDecision result = approvals.decide(id, decision, req.actor(), note);
    Approval a = result.approval();
    if (result.outcome() == ApprovalDecision.Outcome.CONFLICT) {
      if (a.status() == ApprovalStatus.EXPIRED) {
        decided.accept(a); // found expired just now: requests held for it learn it too
      }
      ApiResponse conflict = envelope.error(req.requestId(), HttpResponseStatus.CONFLICT, "approval_already_decided",
          "approval " + id + " is " + a.status().slug() + "; it cannot be " + decision.slug() + " any more", "status");
      ((ObjectNode) conflict.body().get("error")).put("status", a.status().slug());
      return conflict;
    }
    if (result.outcome() == ApprovalDecision.Outcome.DECIDED) {
      decided.accept(a); // once per decision: an unchanged repeat has nothing new to tell
    }
    return envelope.ok(req, view(a));
  }

  private String note(ApiRequest req) {
    if (req.body() == null || req.body().length == 0) {
      return null;
    }
    String note = JsonBody.parse(json, req, DECIDE_FIELDS).text("note", null);
    if (note != null && note.length() > MAX_NOTE) {
      throw ApiException.unprocessable("invalid_field", "note",
          "note: " + note.length() + " characters (expected: at most " + MAX_NOTE + ")");
    }
    return note;
  }

  /** The approval, if this caller may see it; 404 alike for a missing one and another env's. */
  private Approval visible(ApiRequest req, String id) {
    Approval a = approvals.find(id).orElseThrow(() -> notFound(id));
    Scopes.requireVisible(req.principal(), a.env(), notFound(id).getMessage());
    return a;
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("approval not found: " + id);
  }

  private static ObjectNode view(Approval a) {
    return ApprovalJson.toJson(a);
  }
}
