package dev.airlock.proxy.normalize.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.body.BodyFields;
import dev.airlock.proxy.normalize.body.Names;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitHub GraphQL ({@code POST api.github.com/graphql}): a mutation is named after its first field
 * ({@code createIssue} → {@code create_issue}); queries are {@code graphql_query} (READ).
 */
public final class GitHubGraphQlNormalizer implements Normalizer {
  /** Mutations that change who can do what, or destroy a repository. */
  private static final Set<String> ADMIN_MUTATIONS = Set.of(
      "deleteRepository", "transferRepository", "archiveRepository", "updateRepository",
      "createBranchProtectionRule", "updateBranchProtectionRule", "deleteBranchProtectionRule",
      "updateTeamsRepository", "updateEnterpriseOwnerOrganizationRole",
      "addEnterpriseOrganizationMember", "createRepositoryRuleset", "updateRepositoryRuleset",
      "deleteRepositoryRuleset", "inviteEnterpriseAdmin", "updateIpAllowListEnabledSetting");

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    if (!req.host().equals("api.github.com") || !req.path().equals("/graphql")) {
      return Optional.empty();
    }
    if (!req.method().equals("POST")) {
      return Optional.of(ToolCall.of("github", "graphql_query", Verb.READ));
    }
    Optional<JsonNode> json = BodyFields.json(req);
    String document = json.flatMap(root -> BodyFields.text(root, "query")).orElse("");
    String operationName = json.flatMap(root -> BodyFields.text(root, "operationName"))
        .orElse(null);
    Optional<GraphQlDocument.FirstField> first =
        GraphQlDocument.firstField(document, operationName);
    if (first.isEmpty()) {
      // Unreadable documents are treated as writes: the safe assumption for a POST.
      return Optional.of(ToolCall.of("github", "graphql_unknown", Verb.WRITE));
    }
    String type = first.get().type();
    String field = first.get().field();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("graphql_field", field);
    if (operationName != null) {
      attributes.put("graphql_operation", operationName);
    }
    if (type.equals("mutation")) {
      Verb verb = ADMIN_MUTATIONS.contains(field) ? Verb.ADMIN : Verb.WRITE;
      return Optional.of(
          new ToolCall("github", Names.snakeCase(field), verb, null, List.of(), attributes));
    }
    return Optional.of(
        new ToolCall("github", "graphql_" + type, Verb.READ, null, List.of(), attributes));
  }
}
