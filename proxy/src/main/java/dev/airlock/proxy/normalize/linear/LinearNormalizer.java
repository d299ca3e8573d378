package dev.airlock.proxy.normalize.linear;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.body.BodyFields;
import dev.airlock.proxy.normalize.body.Names;
import dev.airlock.proxy.normalize.github.GraphQlDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Linear's GraphQL API ({@code api.linear.app/graphql}) and its upload host. Linear names mutations
 * entity first ({@code issueCreate}); the operation puts the action first ({@code create_issue}),
 * as the other tools do, with {@code commentCreate} → {@code add_comment}. Queries are
 * {@code query} (READ). Mutations on keys, members, teams, webhooks and integrations are ADMIN.
 */
public final class LinearNormalizer implements Normalizer {
  static final String TOOL = "linear";
  private static final Map<String, String> KNOWN = Map.of(
      "commentCreate", "add_comment", "attachmentLinkURL", "add_attachment", "fileUpload", "upload_file");
  private static final List<String> ACTIONS = List.of("Create", "Update", "Delete", "Archive", "Unarchive",
      "Add", "Remove", "Import", "Move", "Link", "Unlink", "Subscribe", "Unsubscribe", "Revoke", "Invite");
  private static final List<String> ADMIN_PREFIXES = List.of("apiKey", "organization", "team", "user",
      "webhook", "integration", "oauth", "workspace", "samlConfig", "emailIntake");

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    if (req.host().equals("uploads.linear.app")) {
      Verb verb = Verb.defaultFor(req.method());
      return Optional.of(ToolCall.of(TOOL, verb == Verb.READ ? "download_file" : "upload_file", verb));
    }
    if (!req.host().equals("api.linear.app")) {
      return Optional.empty();
    }
    if (!req.path().equals("/graphql") && !req.path().equals("/graphql/")) {
      return Optional.of(ToolCall.of(TOOL, "http_" + req.method().toLowerCase(Locale.ROOT),
          Verb.defaultFor(req.method())));
    }
    if (!req.method().equals("POST")) {
      return Optional.of(ToolCall.of(TOOL, "query", Verb.READ));
    }
    Optional<JsonNode> json = BodyFields.json(req);
    String document = json.flatMap(root -> BodyFields.text(root, "query")).orElse("");
    String operationName = json.flatMap(root -> BodyFields.text(root, "operationName")).orElse(null);
    Optional<GraphQlDocument.FirstField> first = GraphQlDocument.firstField(document, operationName);
    if (first.isEmpty()) {
      // Unreadable documents are treated as writes: the safe assumption for a POST.
      return Optional.of(ToolCall.of(TOOL, "graphql_unknown", Verb.WRITE));
    }
    String field = first.get().field();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("graphql_field", field);
    if (!first.get().type().equals("mutation")) {
      return Optional.of(new ToolCall(TOOL, "query", Verb.READ, null, List.of(), attributes));
    }
    return Optional.of(new ToolCall(TOOL, operationOf(field), verbOf(field), null, List.of(), attributes));
  }

  /** {@code issueCreate} → {@code create_issue}; a mutation without an action suffix is snake-cased. */
  static String operationOf(String field) {
    String known = KNOWN.get(field);
    if (known != null) {
      return known;
    }
    for (String action : ACTIONS) {
      if (field.endsWith(action) && field.length() > action.length()) {
        String entity = field.substring(0, field.length() - action.length());
        return action.toLowerCase(Locale.ROOT) + "_" + Names.snakeCase(entity);
      }
    }
    return Names.snakeCase(field);
  }

  private static Verb verbOf(String field) {
    for (String prefix : ADMIN_PREFIXES) {
      if (field.startsWith(prefix)) {
        return Verb.ADMIN;
      }
    }
    return Verb.WRITE;
  }
}
