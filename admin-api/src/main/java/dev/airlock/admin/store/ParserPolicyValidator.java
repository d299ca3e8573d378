package dev.airlock.admin.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyParser;

/** Validates with the proxy's {@link PolicyParser}, so the store accepts exactly what the engine runs. */
public final class ParserPolicyValidator implements PolicyValidator {
  private final ObjectMapper json;

  public ParserPolicyValidator(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public ValidatedPolicy validate(String text) {
    PolicyDocument doc = PolicyParser.parse(text);
    String canonical = doc.toJson();
    return new ValidatedPolicy(
        doc.name(), doc.description(), doc.envNames(), canonical, ruleCount(canonical));
  }

  // Counted from the canonical JSON so this class depends only on the document's stable accessors.
  private int ruleCount(String canonical) {
    try {
      JsonNode rules = json.readTree(canonical).path("rules");
      return rules.isArray() ? rules.size() : 0;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("policy parser produced invalid JSON", e);
    }
  }
}
