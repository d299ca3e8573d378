package dev.airlock.proxy.normalize.catalog;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Verb;
import java.util.Map;
import java.util.Optional;

/**
 * One operation of a catalog entry.
 *
 * @param name operation name, e.g. "create_issue"
 * @param method upper-case HTTP method, or "*" for any
 * @param path path template
 * @param verb READ/WRITE/ADMIN, or null for the method's default
 * @param body extra condition on the JSON body, or null
 */
public record CatalogOperation(
    String name, String method, PathTemplate path, Verb verb, BodyMatch body) {
  public CatalogOperation {
    requireNonNull(name, "name");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
  }

  /** @return the path variables when the request is this operation, else empty */
  public Optional<Map<String, String>> match(InspectedRequest req) {
    if (!method.equals("*") && !method.equals(req.method())) {
      return Optional.empty();
    }
    Optional<Map<String, String>> vars = path.match(req.path());
    return vars.isPresent() && (body == null || body.matches(req)) ? vars : Optional.empty();
  }

  public Verb verbFor(String requestMethod) {
    return verb != null ? verb : Verb.defaultFor(requestMethod);
  }
}
