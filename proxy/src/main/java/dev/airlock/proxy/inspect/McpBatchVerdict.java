package dev.airlock.proxy.inspect;

import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.mcp.BatchPart;
import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.server.Verdict;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One verdict for a JSON-RPC batch from the verdicts on its messages, each decided as if sent alone:
 * the strictest wins (a batch with one denied call is denied as a whole, since one HTTP request
 * cannot be half forwarded), and it names the call that decided. A batch that is forwarded carries
 * each message's redactions in that message's place.
 */
final class McpBatchVerdict {
  private McpBatchVerdict() {}

  static Verdict combine(ToolCall batch, byte[] body, List<BatchPart> parts, List<Verdict> verdicts, long micros) {
    Verdict worst = verdicts.get(0);
    for (Verdict v : verdicts) {
      if (v.enforced().strictness() > worst.enforced().strictness()) {
        worst = v;
      }
    }
    Set<String> classes = new LinkedHashSet<>();
    Set<String> bound = new LinkedHashSet<>();
    Set<String> places = new LinkedHashSet<>();
    for (Verdict v : verdicts) {
      classes.addAll(v.dataClasses());
      bound.addAll(v.boundDataClasses());
      places.addAll(v.egressPlaces());
    }
    bound.removeAll(classes);
    byte[] redacted = worst.enforced() == Action.SANITIZE ? spliced(body, parts, verdicts) : null;
    ToolCall call = worst.enforced() == Action.ALLOW ? batch : worst.call();
    return new Verdict(call, worst.decision(), worst.enforced(), new ArrayList<>(classes), new ArrayList<>(bound),
        new ArrayList<>(places), worst.storedPath(), redacted, micros);
  }

  /** The body with each redacted message in its place; null when no message was redacted. */
  private static byte[] spliced(byte[] body, List<BatchPart> parts, List<Verdict> verdicts) {
    boolean any = false;
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    int at = 0;
    for (int i = 0; i < parts.size(); i++) {
      byte[] replacement = verdicts.get(i).redactedBody();
      if (replacement == null) {
        continue;
      }
      any = true;
      BatchPart p = parts.get(i);
      out.write(body, at, p.start() - at);
      out.writeBytes(replacement);
      at = p.end();
    }
    out.write(body, at, body.length - at);
    return any ? out.toByteArray() : null;
  }
}
