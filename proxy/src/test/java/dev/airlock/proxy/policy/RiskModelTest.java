package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.Verb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RiskModelTest {

  private static RequestFacts facts(boolean sensitive, boolean external, Verb verb) {
    List<Finding> findings =
        sensitive ? List.of(new Finding(DataClass.SECRETS, "SECRETS.jwt", 0, 3)) : List.of();
    return new RequestFacts("t", "o", verb, "h", "POST", "/", "", findings, external, null);
  }

  @ParameterizedTest(name = "sensitive={0} external={1} verb={2} -> {3} {4}")
  @CsvSource({
    "false, false, READ,  0.0,    LOW",
    "false, false, WRITE, 0.1,    LOW",
    "false, false, ADMIN, 0.2,    LOW",
    "false, true,  READ,  0.3,    MEDIUM",
    "true,  false, READ,  0.4,    MEDIUM",
    "true,  false, WRITE, 0.46,   MEDIUM",
    "true,  true,  READ,  0.58,   MEDIUM",
    "true,  true,  WRITE, 0.622,  HIGH",
    "true,  true,  ADMIN, 0.664,  HIGH",
  })
  void noisyOrOfDefaultWeights(boolean sensitive, boolean external, Verb verb, double score, Severity band) {
    RiskAssessment risk = RiskModel.defaults().score(facts(sensitive, external, verb));
    assertThat(risk.score()).isCloseTo(score, offset(1e-9));
    assertThat(risk.band()).isEqualTo(band);
  }

  @ParameterizedTest
  @CsvSource({"0.0, LOW", "0.2999, LOW", "0.3, MEDIUM", "0.5999, MEDIUM", "0.6, HIGH", "0.8499, HIGH",
    "0.85, CRITICAL", "1.0, CRITICAL"})
  void bands(double score, Severity band) {
    assertThat(RiskModel.band(score)).isEqualTo(band);
  }

  @Test
  void everySignalIsReportedInOrder() {
    RiskAssessment risk = RiskModel.defaults().score(facts(true, false, Verb.ADMIN));
    assertThat(risk.signals())
        .containsExactly(
            Map.entry("sensitive_data_egress", 0.4), Map.entry("external_principal", 0.0),
            Map.entry("write_verb", 0.0), Map.entry("admin_verb", 0.2));
  }

  @Test
  void weightsAreConfigurableAndValidated() {
    RiskModel model = new RiskModel(Map.of(RiskSignal.EXTERNAL_PRINCIPAL, 0.9));
    assertThat(model.score(facts(false, true, Verb.READ)).band()).isEqualTo(Severity.CRITICAL);
    assertThatThrownBy(() -> new RiskModel(Map.of(RiskSignal.WRITE_VERB, 1.5)))
        .hasMessage("risk.weights.write_verb: 1.5 (expected: 0..1)");
  }
}
