package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every case of every scenario file decides as the file expects. */
class PolicyScenarioTest {

  @TestFactory
  Stream<DynamicTest> scenarios() {
    return Testdata.scenarios()
        .flatMap(
            s -> PolicyTester.run(s.docs(), s.env(), s.cases()).stream()
                .map(r -> DynamicTest.dynamicTest(
                    s.file() + ": " + r.testCase().name(),
                    () -> assertThat(r.failures()).as(r.summary()).isEmpty())));
  }

  @Test
  void everyScenarioCaseStatesAnExpectation() {
    Testdata.scenarios()
        .flatMap(s -> s.cases().stream())
        .forEach(c -> assertThat(c.expect()).as(c.name()).isNotEqualTo(Expectation.NONE));
  }
}
