package dev.airlock.admin.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.ParserPolicyValidator;
import dev.airlock.admin.store.StoreTestBase;
import dev.airlock.admin.store.ValidatedPolicy;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production path through the proxy's policy parser: store, reload, hand to the engine. */
class RealParserIntegrationTest extends StoreTestBase {
  private static final String DOC =
      "{\"name\":\"block-secrets\",\"description\":\"d\",\"rules\":"
          + "[{\"id\":\"deny-secrets\",\"action\":\"DENY\",\"condition\":{\"data_class_any\":[\"SECRETS\"]}}]}";

  RealParserIntegrationTest() {
    super(Seed.EMPTY);
  }

  @Test
  void validatesStoresAndReloadsDocuments() {
    ParserPolicyValidator validator = new ParserPolicyValidator(new ObjectMapper());
    ValidatedPolicy validated = validator.validate(DOC);
    assertThat(validated.name()).isEqualTo("block-secrets");
    assertThat(validated.envNames()).containsExactly("*");
    assertThat(validated.ruleCount()).isEqualTo(1);

    store.environments().createIfAbsent(Environment.of("default", "Default"));
    store.policies().apply(validated);
    EngineInputs inputs = new EngineInputsLoader(store).load();
    assertThat(inputs.environments()).extracting(EnvironmentSettings::slug).contains("default");
    assertThat(inputs.documents()).extracting(PolicyDocument::name).containsExactly("block-secrets");

    assertThatThrownBy(() -> validator.validate(DOC.replace("\"DENY\"", "\"BLOK\"")))
        .isInstanceOfSatisfying(PolicyException.class,
            e -> assertThat(e.path()).isEqualTo("rules[0].action"));
    assertThat(List.of(validated.documentJson())).allSatisfy(j -> assertThat(j).contains("deny-secrets"));
  }
}
