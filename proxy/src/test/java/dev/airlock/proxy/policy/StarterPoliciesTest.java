package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The policies shipped in conf/policies parse, are documented, and do what they say. */
class StarterPoliciesTest {
  // Surefire runs in the proxy module directory.
  private static final Path DIR = Path.of("../conf/policies");

  static List<Path> files() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<PolicyDocument> starterPolicies() {
    return files().stream().map(p -> PolicyParser.parse(Testdata.read(p))).toList();
  }

  @Test
  void theExpectedPoliciesShip() {
    assertThat(files())
        .extracting(p -> p.getFileName().toString())
        .contains(
            "block-secrets-external.json", "sanitize-pii-chat.json", "block-force-push-prod.json",
            "monitor-example.json");
  }

  @TestFactory
  Stream<DynamicTest> everyFileIsAValidDocumentNamedLikeItsFile() {
    return files().stream()
        .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
          PolicyDocument doc = PolicyParser.parse(Testdata.read(p));
          assertThat(doc.name() + ".json").isEqualTo(p.getFileName().toString());
          assertThat(doc.description()).isNotBlank();
        }));
  }

  @TestFactory
  Stream<DynamicTest> startersDecideTheSampleCases() {
    String cases = Testdata.read(Testdata.resource("starter-cases.yaml"));
    EnvironmentSettings production = EnvironmentSettings.defaults("production");
    List<TestResult> results =
        PolicyTester.run(starterPolicies(), production, TestCaseParser.parse(cases, "production"));
    return results.stream()
        .map(r -> DynamicTest.dynamicTest(
            r.testCase().name(), () -> assertThat(r.failures()).as(r.summary()).isEmpty()));
  }
}
