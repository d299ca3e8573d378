package dev.airlock.admin.alerts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The public JSON view of a channel (API answers and the audit log): secrets masked. */
public final class ChannelJson {
  private ChannelJson() {}

  public static ObjectNode view(AlertChannel c) {
    ObjectNode n = spec(c.spec());
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("id", c.id());
    out.setAll(n);
    out.put("created_at", c.createdAt() == null ? null : c.createdAt().toString());
    out.put("updated_at", c.updatedAt() == null ? null : c.updatedAt().toString());
    return out;
  }

  /** The definition alone, as it is written in a file or sent to POST; secrets masked. */
  public static ObjectNode spec(ChannelSpec s) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", s.name());
    n.put("type", s.type().slug());
    strings(n, "env_names", s.envNames());
    strings(n, "events", s.events());
    n.put("min_severity", s.minSeverity());
    strings(n, "tools", s.tools());
    strings(n, "agents", s.agents());
    n.set("config", ChannelConfigs.masked(s.type(), s.config()));
    n.put("enabled", s.enabled());
    return n;
  }

  private static void strings(ObjectNode n, String field, List<String> values) {
    values.forEach(n.putArray(field)::add);
  }
}
