package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.policy.RiskSignal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskSignalsJsonTest {
  private static Map<String, Double> scored(double newDestination, double raw) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (RiskSignal s : RiskSignal.values()) {
      m.put(s.wireName(), 0.0);
    }
    m.put(RiskSignal.NEW_DESTINATION.wireName(), newDestination);
    m.put("raw_risk", raw);
    m.put("trust", 0.5);
    m.put("scrutiny_multiplier", 1.0);
    return m;
  }

  @Test
  void storesOnlyWhatFiredAndReadsEverySignalBack() {
    Map<String, Double> signals = scored(0.3, 0.3);
    String stored = RiskSignalsJson.write(signals);
    assertThat(stored).isEqualTo("{\"new_destination\":0.3,\"raw_risk\":0.3,\"trust\":0.5,\"scrutiny_multiplier\":1.0}");
    assertThat(RiskSignalsJson.read(stored)).containsExactlyEntriesOf(signals);
  }

  @Test
  void aRequestWithNoSignalStoresItsStandingOnly() {
    Map<String, Double> signals = scored(0.0, 0.0);
    String stored = RiskSignalsJson.write(signals);
    assertThat(stored).isEqualTo("{\"trust\":0.5,\"scrutiny_multiplier\":1.0}");
    assertThat(RiskSignalsJson.read(stored)).containsExactlyEntriesOf(signals);
  }

  @Test
  void anUnscoredTraceStaysWithoutSignals() {
    assertThat(RiskSignalsJson.write(Map.of())).isNull();
    assertThat(RiskSignalsJson.read(null)).isEmpty();
  }
}
