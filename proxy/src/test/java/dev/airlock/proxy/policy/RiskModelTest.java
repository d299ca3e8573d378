package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.Verb;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskModelTest {
  /** Monday to Friday, 08:00 to 19:00 in Paris. */
  private static final TimeWindow PARIS_OFFICE =
      new TimeWindow(TimeWindow.dayBits("mon-fri"), 8 * 60, 19 * 60, ZoneId.of("Europe/Paris"));
  /** A Wednesday, 10:00 in Paris (summer time). */
  private static final Instant OFFICE_HOURS = Instant.parse("2026-06-10T08:00:00Z");

  private static RequestFacts facts(boolean sensitive, boolean external, Verb verb) {
    List<Finding> findings =
        sensitive ? List.of(new Finding(DataClass.SECRETS, "SECRETS.jwt", 0, 3)) : List.of();
    return new RequestFacts("t", "o", verb, "h", "POST", "/", "", findings, external, null);
  }

  /** A request that carries exactly the named signal (off_hours: made at 03:00 on a Wednesday). */
  private static RequestFacts only(String signal) {
    Observations o = Observations.NONE.withTime(OFFICE_HOURS);
    RequestFacts read = facts(false, false, Verb.READ).withObservations(o);
    return switch (signal) {
      case "new_destination" -> read.withObservations(o.withNewDestination(true));
      case "sensitive_data_egress" -> facts(true, false, Verb.READ).withObservations(o);
      case "external_principal" -> facts(false, true, Verb.READ).withObservations(o);
      case "write_verb" -> facts(false, false, Verb.WRITE).withObservations(o);
      case "admin_verb" -> facts(false, false, Verb.ADMIN).withObservations(o);
      case "threat_intel" -> read.withObservations(o.withThreatIntelFeed("urlhaus"));
      case "off_hours" -> read.withObservations(o.withTime(Instant.parse("2026-06-10T01:00:00Z")));
      case "burst" -> read.withObservations(o.withBurst(true));
      default -> throw new IllegalArgumentException(signal);
    };
  }

  @ParameterizedTest(name = "{0} alone -> {1} {2}")
  @CsvSource({
    "new_destination,       0.3,  MEDIUM",
    "sensitive_data_egress, 0.4,  MEDIUM",
    "external_principal,    0.3,  MEDIUM",
    "write_verb,            0.1,  LOW",
    "admin_verb,            0.2,  LOW",
    "threat_intel,          0.9,  CRITICAL",
    "off_hours,             0.15, LOW",
    "burst,                 0.3,  MEDIUM",
  })
  void eachSignalAloneScoresItsDefaultWeight(String signal, double score, Severity band) {
    RiskAssessment risk = new RiskModel(Map.of(), PARIS_OFFICE).score(only(signal));
    assertThat(risk.score()).isCloseTo(score, offset(1e-9));
    assertThat(risk.band()).isEqualTo(band);
    risk.signals().forEach((name, weight) ->
        assertThat(weight).as(name).isEqualTo(name.equals(signal) ? score : 0.0));
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

  @ParameterizedTest(name = "new={0} burst={1} threat={2} write -> {3} {4}")
  @CsvSource({
    "true,  false, false, 0.37,   MEDIUM",
    "true,  true,  false, 0.559,  MEDIUM",
    "false, true,  false, 0.37,   MEDIUM",
    "true,  true,  true,  0.9559, CRITICAL",
  })
  void observedSignalsCombineWithTheRequestsOwn(boolean fresh, boolean burst, boolean threat, double score,
      Severity band) {
    Observations o = Observations.NONE.withNewDestination(fresh).withBurst(burst)
        .withThreatIntelFeed(threat ? "feed" : null);
    RiskAssessment risk = RiskModel.defaults().score(facts(false, false, Verb.WRITE).withObservations(o));
    assertThat(risk.score()).isCloseTo(score, offset(1e-9));
    assertThat(risk.band()).isEqualTo(band);
  }

  @ParameterizedTest(name = "{0} -> off_hours {1}")
  @CsvSource({
    "2026-06-10T08:00:00Z, false", // Wednesday 10:00 in Paris
    "2026-06-10T05:59:59Z, true", // Wednesday 07:59:59
    "2026-06-10T06:00:00Z, false", // Wednesday 08:00
    "2026-06-10T16:59:59Z, false", // Wednesday 18:59:59
    "2026-06-10T17:00:00Z, true", // Wednesday 19:00
    "2026-06-13T10:00:00Z, true", // Saturday noon
    "2026-01-14T07:30:00Z, false", // Wednesday 08:30 in winter (UTC+1)
    "2026-01-14T06:30:00Z, true", // Wednesday 07:30 in winter
  })
  void offHoursIsOutsideTheConfiguredWorkingHours(String time, boolean off) {
    RequestFacts f = facts(false, false, Verb.READ).withObservations(Observations.NONE.withTime(Instant.parse(time)));
    assertThat(new RiskModel(Map.of(), PARIS_OFFICE).score(f).signals().get("off_hours")).isEqualTo(off ? 0.15 : 0.0);
  }

  @Test
  void offHoursNeedsWorkingHoursAndATime() {
    Instant saturday = Instant.parse("2026-06-13T10:00:00Z");
    RequestFacts atNight = facts(false, false, Verb.READ).withObservations(Observations.NONE.withTime(saturday));
    assertThat(RiskModel.defaults().score(atNight).score()).isZero();
    assertThat(new RiskModel(Map.of(), PARIS_OFFICE).score(facts(false, false, Verb.READ)).score()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"0.0, LOW", "0.2999, LOW", "0.3, MEDIUM", "0.5999, MEDIUM", "0.6, HIGH", "0.8499, HIGH",
    "0.85, CRITICAL", "1.0, CRITICAL"})
  void bands(double score, Severity band) {
    assertThat(RiskModel.band(score)).isEqualTo(band);
  }

  @ParameterizedTest(name = "risk {0} x scrutiny {1} with trust {2} -> {3}")
  @CsvSource({
    "0.4, 1.0, 0.5, 0.4",
    "0.4, 1.5, 0.5, 0.6",
    "0.4, 1.0, 0.0, 0.6",
    "0.4, 1.0, 1.0, 0.2",
    "0.4, 2.0, 0.0, 1.0",
    "0.0, 3.0, 0.0, 0.0",
  })
  void effectiveRiskScalesByScrutinyAndTrust(double risk, double multiplier, double trust, double effective) {
    assertThat(RiskModel.effective(risk, multiplier, trust)).isCloseTo(effective, offset(1e-9));
  }

  @Test
  void everySignalIsReportedInOrder() {
    RiskAssessment risk = RiskModel.defaults().score(facts(true, false, Verb.ADMIN));
    assertThat(risk.signals())
        .containsExactly(
            Map.entry("new_destination", 0.0), Map.entry("sensitive_data_egress", 0.4),
            Map.entry("external_principal", 0.0), Map.entry("write_verb", 0.0), Map.entry("admin_verb", 0.2),
            Map.entry("threat_intel", 0.0), Map.entry("off_hours", 0.0), Map.entry("burst", 0.0));
  }

  @Test
  void weightsAreConfigurableAndValidated() {
    RiskModel model = new RiskModel(Map.of(RiskSignal.EXTERNAL_PRINCIPAL, 0.9, RiskSignal.BURST, 0.0));
    assertThat(model.score(facts(false, true, Verb.READ)).band()).isEqualTo(Severity.CRITICAL);
    assertThat(model.score(facts(false, false, Verb.READ).withObservations(Observations.NONE.withBurst(true)))
        .score()).isZero();
    assertThatThrownBy(() -> new RiskModel(Map.of(RiskSignal.WRITE_VERB, 1.5)))
        .hasMessage("risk.weights.write_verb: 1.5 (expected: 0..1)");
  }
}
