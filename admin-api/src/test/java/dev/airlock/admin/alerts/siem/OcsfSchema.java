package dev.airlock.admin.alerts.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks OCSF events against the attribute list extracted from the pinned schema release
 * ({@code siem/ocsf-1.8.0-schema.json}, made by scripts/dev/ocsf-schema-extract): required
 * attributes, dictionary types, constraints, enum ids and their captions, and no attribute the
 * class or object does not define.
 */
final class OcsfSchema {
  private static final Map<String, String> CAPTION_OF = Map.of(
      "action_id", "action", "disposition_id", "disposition", "status_id", "status",
      "activity_id", "activity_name", "severity_id", "severity", "risk_level_id", "risk_level");

  private final JsonNode schema;

  private OcsfSchema(JsonNode schema) {
    this.schema = schema;
  }

  static OcsfSchema load(String resource) {
    try (InputStream in = OcsfSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing " + resource);
      }
      return new OcsfSchema(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String version() {
    return schema.get("ocsf_version").asText();
  }

  /** Every problem with {@code event} as an instance of class {@code className}; empty when valid. */
  List<String> problems(JsonNode event, String className) {
    List<String> problems = new ArrayList<>();
    JsonNode cls = schema.path("classes").path(className);
    if (cls.isMissingNode()) {
      problems.add("unknown class " + className);
      return problems;
    }
    checkShape(event, cls, className, problems);
    for (Map.Entry<String, JsonNode> e : cls.get("required").properties()) {
      if (e.getValue().has("const") && event.path(e.getKey()).asLong(-1) != e.getValue().get("const").asLong()) {
        problems.add(e.getKey() + " = " + event.get(e.getKey()) + " (expected " + e.getValue().get("const") + ")");
      }
    }
    long typeUid = event.path("class_uid").asLong() * 100 + event.path("activity_id").asLong();
    if (event.path("type_uid").asLong() != typeUid) {
      problems.add("type_uid = " + event.get("type_uid") + " (expected " + typeUid + ")");
    }
    for (Map.Entry<String, String> e : CAPTION_OF.entrySet()) {
      JsonNode id = event.get(e.getKey());
      if (id == null) {
        continue;
      }
      JsonNode captions = cls.path("enums").path(e.getKey());
      if (!captions.has(id.asText())) {
        problems.add(e.getKey() + " = " + id + " (not in " + captions + ")");
      } else if (id.asInt() != 99 && event.has(e.getValue())
          && !event.get(e.getValue()).asText().equals(captions.get(id.asText()).asText())) {
        problems.add(e.getValue() + " = " + event.get(e.getValue()) + " (expected " + captions.get(id.asText()) + ")");
      }
    }
    List<String> profiles = new ArrayList<>();
    event.path("metadata").path("profiles").forEach(p -> profiles.add(p.asText()));
    if (event.has("actor") && !profiles.contains("host")) {
      problems.add("actor without the host profile in metadata.profiles");
    }
    if (event.has("action_id") && !profiles.contains("security_control")) {
      problems.add("action_id without the security_control profile in metadata.profiles");
    }
    if (!version().equals(event.path("metadata").path("version").asText())) {
      problems.add("metadata.version = " + event.path("metadata").path("version") + " (expected " + version() + ")");
    }
    return problems;
  }

  private void checkShape(JsonNode node, JsonNode def, String where, List<String> problems) {
    if (!node.isObject()) {
      problems.add(where + " is not an object");
      return;
    }
    for (Iterator<String> it = def.get("required").fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!node.hasNonNull(name)) {
        problems.add(where + "." + name + " is required");
      }
    }
    for (Map.Entry<String, JsonNode> c : def.path("constraints").properties()) {
      for (JsonNode group : c.getValue()) {
        int present = 0;
        for (JsonNode name : group) {
          present += node.hasNonNull(name.asText()) ? 1 : 0;
        }
        boolean ok = c.getKey().equals("just_one") ? present == 1 : present >= 1;
        if (!ok) {
          problems.add(where + " breaks " + c.getKey() + " " + group);
        }
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode type = def.path("types").get(field.getKey());
      if (type == null) {
        problems.add(where + "." + field.getKey() + " is not an attribute of " + where);
      } else {
        checkValue(field.getValue(), type, where + "." + field.getKey(), problems);
      }
    }
  }

  private void checkValue(JsonNode value, JsonNode type, String where, List<String> problems) {
    if (type.path("is_array").asBoolean()) {
      if (!value.isArray()) {
        problems.add(where + " must be an array");
        return;
      }
      for (int i = 0; i < value.size(); i++) {
        checkOne(value.get(i), type.get("type").asText(), where + "[" + i + "]", problems);
      }
      return;
    }
    checkOne(value, type.get("type").asText(), where, problems);
  }

  private void checkOne(JsonNode value, String type, String where, List<String> problems) {
    JsonNode primitive = schema.path("primitive_types").get(type);
    if (primitive != null) {
      boolean ok = switch (primitive.asText()) {
        case "string_t" -> value.isTextual();
        case "integer_t" -> value.isIntegralNumber() && value.canConvertToInt();
        case "long_t" -> value.isIntegralNumber() && value.canConvertToLong();
        case "float_t" -> value.isNumber();
        case "boolean_t" -> value.isBoolean();
        case "json_t" -> true;
        default -> false;
      };
      if (!ok) {
        problems.add(where + " = " + value + " is not " + type);
      }
      return;
    }
    if (!value.isObject()) {
      problems.add(where + " = " + value + " is not an object of type " + type);
      return;
    }
    JsonNode object = schema.path("objects").get(type);
    if (object != null) {
      checkShape(value, object, where, problems);
    }
  }
}
