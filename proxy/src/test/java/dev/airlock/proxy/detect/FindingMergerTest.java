package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingMergerTest {

  @Test
  void secretWinsOverPiiAtTheSameSpan() {
    List<Finding> merged = FindingMerger.merge(List.of(
        new Finding(DataClass.PII, "PII.email", 5, 20),
        new Finding(DataClass.SECRETS, "SECRETS.github_token", 5, 20)));

    assertThat(merged).containsExactly(new Finding(DataClass.SECRETS, "SECRETS.github_token", 5, 20));
  }

  @Test
  void specificSecretWinsOverTheGenericRuleAndSwallowsWhatIsInside() {
    List<Finding> merged = FindingMerger.merge(List.of(
        new Finding(DataClass.SECRETS, "SECRETS.generic_api_key", 10, 30),
        new Finding(DataClass.SECRETS, "SECRETS.aws_access_key", 10, 30),
        new Finding(DataClass.PII, "PII.email", 12, 20)));

    assertThat(merged).containsExactly(new Finding(DataClass.SECRETS, "SECRETS.aws_access_key", 10, 30));
  }

  @Test
  void overlappingFindingsOfOneDetectorBecomeOne() {
    List<Finding> merged = FindingMerger.merge(List.of(
        new Finding(DataClass.PII, "PII.email", 10, 20),
        new Finding(DataClass.PII, "PII.email", 15, 25),
        new Finding(DataClass.PII, "PII.email", 30, 40)));

    assertThat(merged).containsExactly(
        new Finding(DataClass.PII, "PII.email", 10, 25), new Finding(DataClass.PII, "PII.email", 30, 40));
  }

  @Test
  void differentClassesThatOnlyOverlapAreBothKeptInStartOrder() {
    List<Finding> merged = FindingMerger.merge(List.of(
        new Finding(DataClass.INTERNAL, "INTERNAL.host", 8, 30),
        new Finding(DataClass.PII, "PII.email", 0, 30)));

    assertThat(merged).containsExactly(
        new Finding(DataClass.PII, "PII.email", 0, 30), new Finding(DataClass.INTERNAL, "INTERNAL.host", 8, 30));
  }
}
