package dev.airlock.proxy.normalize.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.body.BodyFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Normalizes with data-only catalog entries. The first entry serving the host with a matching
 * operation wins; when entries serve the host but none matches, the first of them names the tool
 * and the operation is {@code http_<method>}.
 */
public final class CatalogNormalizer implements Normalizer {
  private final List<CatalogEntry> entries;

  public CatalogNormalizer(List<CatalogEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<CatalogEntry> entries() {
    return entries;
  }

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    CatalogEntry firstServing = null;
    for (CatalogEntry entry : entries) {
      if (!entry.servesHost(req.host())) {
        continue;
      }
      if (firstServing == null) {
        firstServing = entry;
      }
      for (CatalogOperation op : entry.operations()) {
        Optional<Map<String, String>> vars = op.match(req);
        if (vars.isPresent()) {
          return Optional.of(call(entry, op.name(), op.verbFor(req.method()), vars.get(), req));
        }
      }
    }
    if (firstServing == null) {
      return Optional.empty();
    }
    String operation = "http_" + req.method().toLowerCase(Locale.ROOT);
    return Optional.of(
        call(firstServing, operation, Verb.defaultFor(req.method()), Map.of(), req));
  }

  private static ToolCall call(
      CatalogEntry entry, String operation, Verb verb, Map<String, String> vars,
      InspectedRequest req) {
    Map<String, String> attributes = new LinkedHashMap<>(vars);
    if (!entry.bodyAttributes().isEmpty()) {
      Optional<JsonNode> json = BodyFields.json(req);
      for (String field : entry.bodyAttributes()) {
        json.flatMap(root -> BodyFields.text(root, field))
            .ifPresent(value -> attributes.put(field, value));
      }
    }
    List<String> recipients = new ArrayList<>();
    for (String var : entry.recipientVars()) {
      String value = vars.get(var);
      if (value != null && !value.isEmpty()) {
        recipients.add(value);
      }
    }
    return new ToolCall(entry.tool(), operation, verb, null, recipients, attributes);
  }
}
