package dev.airlock.admin.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.proxy.policy.PolicyException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks just enough of a policy (name, non-empty rules, each rule's action) for store and API
 * tests to run without the real parser. Tests of behaviour that depends on full validation use
 * {@link ParserPolicyValidator} instead.
 */
public final class MinimalPolicyValidator implements PolicyValidator {
  private static final Set<String> ACTIONS = Set.of("ALLOW", "SANITIZE", "DENY", "REQUIRE_APPROVAL");
  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
  private final ObjectMapper json = new ObjectMapper();

  @Override
  public ValidatedPolicy validate(String text) {
    JsonNode doc;
    try {
      doc = yaml.readTree(text);
    } catch (IOException e) {
      throw new PolicyException("", ": not JSON or YAML");
    }
    if (doc == null || !doc.path("name").isTextual()) {
      throw new PolicyException("name", "name: missing (expected: a string)");
    }
    JsonNode rules = doc.path("rules");
    if (!rules.isArray() || rules.isEmpty()) {
      throw new PolicyException("rules", "rules: empty (expected: at least one rule)");
    }
    for (int i = 0; i < rules.size(); i++) {
      String action = rules.get(i).path("action").asText();
      if (!ACTIONS.contains(action)) {
        String path = "rules[" + i + "].action";
        throw new PolicyException(
            path, path + ": \"" + action + "\" (expected: ALLOW, SANITIZE, DENY, REQUIRE_APPROVAL)");
      }
    }
    List<String> envs = new ArrayList<>();
    doc.path("env_names").forEach(e -> envs.add(e.asText()));
    try {
      return new ValidatedPolicy(
          doc.get("name").asText(),
          doc.path("description").asText(""),
          envs.isEmpty() ? List.of("*") : envs,
          json.writeValueAsString(doc),
          rules.size());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
