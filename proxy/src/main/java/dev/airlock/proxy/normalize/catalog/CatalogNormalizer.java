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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalizes with data-only catalog entries. The first entry serving the host with a matching
 * operation wins; when entries serve the host but none matches, the first of them names the tool
 * and the operation is {@code http_<method>}. The entries serving a host are looked up once per
 * host and remembered (a bounded map, emptied when full), so a request does not test every entry's
 * host patterns.
 */
public final class CatalogNormalizer implements Normalizer {
  /** Hosts remembered at most; an agent fleet talks to far fewer. */
  static final int MAX_HOSTS = 4096;

  private final List<CatalogEntry> entries;
  private final ConcurrentHashMap<String, List<CatalogEntry>> serving = new ConcurrentHashMap<>();

  public CatalogNormalizer(List<CatalogEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<CatalogEntry> entries() {
    return entries;
  }

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    CatalogEntry firstServing = null;
    for (CatalogEntry entry : servingHost(req.host())) {
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

  /** The entries serving {@code host}, in matching order. */
  List<CatalogEntry> servingHost(String host) {
    List<CatalogEntry> known = serving.get(host);
    if (known != null) {
      return known;
    }
    List<CatalogEntry> found = new ArrayList<>();
    for (CatalogEntry entry : entries) {
      if (entry.servesHost(host)) {
        found.add(entry);
      }
    }
    List<CatalogEntry> result = found.isEmpty() ? List.of() : List.copyOf(found);
    if (serving.size() >= MAX_HOSTS) {
      serving.clear();
    }
    serving.put(host, result);
    return result;
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
