package dev.airlock.proxy.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.trace.Trace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTrustTest {
  private static Trace trace(String id, String agent, String decision, String ruleRef, List<String> reasons,
      Map<String, Double> signals) {
    return new Trace(id, Instant.EPOCH, agent.isEmpty() ? "" : "prod", agent, null, "slack", "post", "WRITE", "POST",
        "slack.com", "/", 403, decision, decision, reasons, ruleRef, 0.1, "LOW", List.of(), List.of(), 0, 0, 0, -1, null,
        signals);
  }

  @Test
  void engineDenialsAndThreatIntelHitsLowerTrustAndEveryTraceIsPassedOn() {
    TrustBook book = new TrustBook(Duration.ofHours(1), Clock.systemUTC());
    List<Trace> passed = new ArrayList<>();
    TraceTrust sink = new TraceTrust(passed::add, book);
    sink.accept(trace("trc_1", "bot", "DENY", "p/r", List.of("NO"), Map.of()));
    sink.accept(trace("trc_2", "bot", "DENY", null, List.of("DEFAULT_ACTION"), Map.of()));
    sink.accept(trace("trc_3", "bot", "DENY", null, List.of("PRIVATE_ADDRESS"), Map.of()));
    sink.accept(trace("trc_4", "bot", "ALLOW", "p/r", List.of("OK"), Map.of()));
    sink.accept(trace("trc_5", "", "DENY", null, List.of("AUTH_REQUIRED"), Map.of()));
    sink.accept(trace("trc_6", "bot", "DENY", null, List.of("THREAT_INTEL_MATCH"), Map.of()));
    sink.accept(trace("trc_7", "bot", "ALLOW", "p/r", List.of("OK"), Map.of("threat_intel", 0.9)));
    assertThat(passed).extracting(Trace::id)
        .containsExactly("trc_1", "trc_2", "trc_3", "trc_4", "trc_5", "trc_6", "trc_7");
    assertThat(book.drain(100)).extracting(TrustChange::event, TrustChange::count, TrustChange::traceId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TrustEvent.DENY, 2, "trc_2"),
            org.assertj.core.groups.Tuple.tuple(TrustEvent.THREAT_INTEL, 2, "trc_7"));
  }
}
