package dev.airlock.proxy.normalize.catalog;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.body.BodyFields;
import java.util.Optional;

/**
 * A condition on one JSON body field, for APIs that put the operation in the body (JSON-RPC).
 *
 * @param field dotted path into the JSON body, e.g. "method" or "params.name"
 * @param equals required value, or null to require only that the field is present
 */
public record BodyMatch(String field, String equals) {
  public BodyMatch {
    requireNonNull(field, "field");
  }

  public boolean matches(InspectedRequest req) {
    Optional<String> value = BodyFields.json(req).flatMap(root -> BodyFields.text(root, field));
    return value.isPresent() && (equals == null || equals.equals(value.get()));
  }
}
