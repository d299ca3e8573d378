package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.Agent;
import dev.airlock.proxy.risk.TrustChange;

/** The JSON of one trust change. */
final class TrustViews {
  private TrustViews() {}

  static ObjectNode change(long id, Agent agent, TrustChange c) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", id);
    n.put("agent_id", agent.id());
    n.put("agent", agent.name());
    n.put("env", agent.env());
    n.put("time", c.time().toString());
    n.put("event", c.event().wireName());
    n.put("delta", c.delta());
    n.put("score_after", c.scoreAfter());
    n.put("count", c.count());
    n.put("trace_id", c.traceId());
    n.put("approval_id", c.approvalId());
    return n;
  }
}
