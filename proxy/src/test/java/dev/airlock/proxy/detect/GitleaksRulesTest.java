package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Operator rules in gitleaks' format: what they find, where, and what their allow-lists let pass. */
class GitleaksRulesTest {
  private static final GitleaksRules RULES = GitleaksRuleFiles.load(List.of(resource("rules.toml"),
      resource("legacy.toml")));
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults().withGitleaksRules(RULES.rules()));
  private static final Set<String> BUILT_IN = DetectorCatalog.builtInIds();

  record Expected(String id, String span) {}

  record Case(String name, String text, List<Expected> expect) {}

  static Stream<Arguments> cases() throws IOException {
    try (InputStream in = GitleaksRulesTest.class.getResourceAsStream("/detect/gitleaks/cases.yaml")) {
      List<Case> cases = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Case>>() {});
      return cases.stream().map(c -> Arguments.of(c.name(), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String name, Case c) {
    assertThat(scan(DETECTORS, c.text())).as(name).containsExactlyElementsOf(c.expect());
  }

  @Test
  void everyRuleThatMatchesTextIsLoadedAndPathOnlyRulesAreSkippedWithTheirReason() {
    assertThat(RULES.rules()).extracting(GitleaksRule::id).containsExactly(
        "acme-api-key", "orbit-token", "nimbus-webhook", "optional-groups", "vault-unseal-key", "zed-key");
    assertThat(RULES.skipped()).containsExactly(
        resource("rules.toml") + ": rule \"keystore-file\": matches file paths only");
    GitleaksRule orbit = RULES.rules().get(1);
    assertThat(orbit.keywords()).as("lower-cased, as gitleaks compares them").containsExactly("orbit");
    assertThat(orbit.detectorId()).isEqualTo("SECRETS.orbit-token");
    assertThat(RULES.rules().get(0).tags()).containsExactly("key", "Acme");
    assertThat(RULES.rules().get(0).description()).isEqualTo("Acme API key assigned to a variable or field");
  }

  @Test
  void entropyMustExceedTheThresholdAsInGitleaks() {
    Detectors d = detectors("""
        [[rules]]
        id = "tok"
        regex = '''tok_([a-e]{4,5})\\b'''
        entropy = 2.0
        """);
    // "abcd": exactly 2 bits per symbol, not above the threshold; "abcde": log2(5) bits.
    assertThat(scan(d, "tok_abcd tok_abcde")).containsExactly(new Expected("SECRETS.tok", "abcde"));
    assertThat(GitleaksDetector.shannonEntropy("abcd")).isEqualTo(2.0);
    assertThat(GitleaksDetector.shannonEntropy("")).isZero();
    // Over code points, divided by the UTF-8 length: "éé" is one symbol in 4 bytes.
    assertThat(GitleaksDetector.shannonEntropy("éé")).isEqualTo(-0.5 * (Math.log(0.5) / Math.log(2)));
  }

  @Test
  void aMatchIsTrimmedOfNewlinesAndAnEmptySecretGroupReportsNothing() {
    Detectors d = detectors("""
        [[rules]]
        id = "nl"
        regex = '''\\n?NL-[0-9]{6}\\n?'''

        [[rules]]
        id = "opt"
        regex = '''OPT-([0-9]{4})?-END'''
        secretGroup = 1
        """);
    assertThat(scan(d, "a\nNL-123456\nb")).containsExactly(new Expected("SECRETS.nl", "NL-123456"));
    assertThat(scan(d, "OPT--END OPT-1234-END")).containsExactly(new Expected("SECRETS.opt", "1234"));
  }

  @Test
  void aGitleaksAllowCommentDoesNotSilenceAFinding() {
    // The text is the agent's own request: a marker it can write is no reason to let a secret out.
    assertThat(scan(DETECTORS, "ORBIT=ORB-7KQ2M9XWR4TZ8BND3HFY # gitleaks:allow"))
        .containsExactly(new Expected("SECRETS.orbit-token", "ORB-7KQ2M9XWR4TZ8BND3HFY"));
  }

  @Test
  void theExampleRuleFileShippedInConfFindsItsDocumentedSample() {
    GitleaksRules example = GitleaksRuleFiles.load(List.of(Path.of("..", "conf", "rules", "example-gitleaks.toml")));
    assertThat(example.skipped()).isEmpty();
    Detectors d = new Detectors(DetectorSettings.defaults().withGitleaksRules(example.rules()));
    assertThat(scan(d, "export EXAMPLECORP_API_KEY=ecp_9Kx2LmQ7vT4wZs8NbY3cHd6FjG1aRe0P"))
        .containsExactly(new Expected("SECRETS.examplecorp-api-key", "ecp_9Kx2LmQ7vT4wZs8NbY3cHd6FjG1aRe0P"));
    assertThat(scan(d, "export EXAMPLECORP_API_KEY=ecp_9Kx2LmQ7EXAMPLEs8NbY3cHd6FjG1aRe")).isEmpty();
  }

  private static Detectors detectors(String toml) {
    GitleaksRuleFile.Contents contents = GitleaksRuleFile.parse(toml, "inline.toml");
    return new Detectors(DetectorSettings.defaults().withGitleaksRules(contents.rules()));
  }

  /** Findings of the operator rules only: the built-in detectors are tested elsewhere. */
  private static List<Expected> scan(Detectors detectors, String text) {
    return detectors.scan(text).stream()
        .filter(f -> !BUILT_IN.contains(f.detectorId()))
        .map(f -> new Expected(f.detectorId(), text.substring(f.start(), f.end())))
        .toList();
  }

  private static Path resource(String name) {
    try {
      return Path.of(GitleaksRulesTest.class.getResource("/detect/gitleaks/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
