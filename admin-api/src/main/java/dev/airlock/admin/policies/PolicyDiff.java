package dev.airlock.admin.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.policy.PolicyParser;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What changes between two versions of a policy, read the way a reviewer reads it: the document's
 * own fields, then rules added, removed and changed by id (with each changed field as a dotted
 * path, e.g. {@code match.host}), and a unified diff of the canonical JSON. Both sides are
 * canonicalized first (every default written out, fixed field order), so a YAML file and the
 * stored JSON of the same rules show no difference.
 */
public final class PolicyDiff {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withArrayIndenter(new DefaultIndenter("  ", "\n"))
      .withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private PolicyDiff() {}

  /**
   * @param before a policy document (any JSON the parser accepts), or null when there is none yet
   * @param after a policy document
   * @param beforeLabel e.g. {@code block-secrets v3}, for the text diff's header
   * @param afterLabel e.g. {@code block-secrets (candidate)}
   */
  public static ObjectNode between(String before, String after, String beforeLabel, String afterLabel) {
    JsonNode from = before == null ? null : canonical(before);
    JsonNode to = canonical(after);
    ObjectNode out = NODES.objectNode();
    ArrayNode document = out.putArray("document");
    for (String field : new String[] {"name", "description", "env_names"}) {
      JsonNode a = from == null ? NullNode.instance : from.path(field);
      JsonNode b = to.path(field);
      if (from != null && !a.equals(b)) {
        document.add(change(field, a, b));
      }
    }
    ObjectNode rules = out.putObject("rules");
    Map<String, JsonNode> old = byId(from);
    Map<String, JsonNode> now = byId(to);
    ArrayNode added = rules.putArray("added");
    ArrayNode removed = rules.putArray("removed");
    ArrayNode changed = rules.putArray("changed");
    int unchanged = 0;
    for (Map.Entry<String, JsonNode> e : now.entrySet()) {
      JsonNode was = old.get(e.getKey());
      if (was == null) {
        added.add(NODES.objectNode().put("id", e.getKey()).set("rule", e.getValue()));
      } else if (was.equals(e.getValue())) {
        unchanged++;
      } else {
        ObjectNode c = changed.addObject().put("id", e.getKey());
        ArrayNode fields = c.putArray("fields");
        Map<String, JsonNode> a = flatten(was);
        Map<String, JsonNode> b = flatten(e.getValue());
        Set<String> paths = new LinkedHashSet<>(a.keySet());
        paths.addAll(b.keySet());
        for (String path : paths) {
          JsonNode x = a.getOrDefault(path, NullNode.instance);
          JsonNode y = b.getOrDefault(path, NullNode.instance);
          if (!x.equals(y)) {
            fields.add(change(path, x, y));
          }
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : old.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        removed.add(NODES.objectNode().put("id", e.getKey()).set("rule", e.getValue()));
      }
    }
    rules.put("unchanged", unchanged);
    String text = LineDiff.unified(from == null ? "" : pretty(from), pretty(to),
        from == null ? "/dev/null" : beforeLabel, afterLabel);
    out.put("changed", !text.isEmpty());
    out.put("text", text);
    return out;
  }

  /** The canonical form of a document, as the store keeps it. */
  static JsonNode canonical(String document) {
    try {
      return JSON.readTree(PolicyParser.parse(document).toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the policy parser wrote invalid JSON", e);
    }
  }

  private static ObjectNode change(String field, JsonNode from, JsonNode to) {
    ObjectNode c = NODES.objectNode().put("field", field);
    c.set("from", from.isMissingNode() ? NullNode.instance : from);
    c.set("to", to.isMissingNode() ? NullNode.instance : to);
    return c;
  }

  private static Map<String, JsonNode> byId(JsonNode doc) {
    Map<String, JsonNode> rules = new LinkedHashMap<>();
    if (doc != null) {
      doc.path("rules").forEach(rule -> rules.put(rule.path("id").asText(), rule));
    }
    return rules;
  }

  /** Leaf values by dotted path; arrays are values of their own (a list of hosts, of terms). */
  private static Map<String, JsonNode> flatten(JsonNode rule) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    flatten("", rule, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
    if (!node.isObject()) {
      out.put(prefix, node);
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
    }
  }

  private static String pretty(JsonNode doc) {
    try {
      return PRETTY.writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
