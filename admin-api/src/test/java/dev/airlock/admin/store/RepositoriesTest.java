package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.policy.Action;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.spi.AgentIdentity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RepositoriesTest extends StoreTestBase {
  RepositoriesTest() {
    super(Seed.EMPTY);
  }

  @Test
  void environmentRoundTrip() {
    Environment prod =
        new Environment(
            "production", "Production", "live", true, EnforcementMode.MONITOR, Action.DENY, 40, 1.5,
            null, null);
    Environment created = store.environments().create(prod);

    assertThat(created.createdAt()).isNotNull();
    assertThat(store.environments().find("production")).contains(created);
    assertThat(created)
        .extracting(Environment::production, Environment::enforcementMode, Environment::defaultAction,
            Environment::approvalHoldSeconds, Environment::scrutinyMultiplier)
        .containsExactly(true, EnforcementMode.MONITOR, Action.DENY, 40, 1.5);
    assertThat(store.environments().createIfAbsent(Environment.of("production", "Other"))).isFalse();
    assertThat(store.environments().createIfAbsent(Environment.of("default", "Default"))).isTrue();
    assertThat(store.environments().list()).extracting(Environment::slug).containsExactly("default", "production");
    assertThat(store.environments().find("nope")).isEmpty();
  }

  @Test
  void environmentRejectsBadSlugAndDuplicates() {
    assertThatThrownBy(() -> store.environments().create(Environment.of("Bad_Slug", "x")))
        .isInstanceOfSatisfying(StoreException.class, e -> {
          assertThat(e.kind()).isEqualTo(StoreException.Kind.INVALID);
          assertThat(e.code()).isEqualTo("invalid_slug");
          assertThat(e.field()).isEqualTo("slug");
        });
    store.environments().create(Environment.of("dev", "Dev"));
    assertThatThrownBy(() -> store.environments().create(Environment.of("dev", "Dev")))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
  }

  @Test
  void agentCreationAndAuthentication() {
    store.environments().create(Environment.of("default", "Default"));
    CreatedAgent created = store.agents().create("ci-bot", "default", null);

    assertThat(created.agent().id()).startsWith("agt_").hasSize(28);
    assertThat(created.agent().runtimeType()).isEqualTo("custom");
    assertThat(created.agent().status()).isEqualTo("active");
    assertThat(created.agent().trustScore()).isEqualTo(0.5);
    assertThat(created.key().id()).startsWith("key_");
    assertThat(created.key().secret()).startsWith("alk_").hasSize(47).matches("alk_[A-Za-z0-9_-]{43}");
    assertThat(created.key().toString()).doesNotContain(created.key().secret());

    String secret = created.key().secret();
    assertThat(store.agents().authenticate("ci-bot", secret))
        .contains(new AgentIdentity(created.agent().id(), "ci-bot", created.key().id(), "default", "custom"));
    assertThat(store.agents().authenticate("ci-bot", secret + "x")).isEmpty();
    assertThat(store.agents().authenticate("other", secret)).isEmpty();

    store.agents().setStatus(created.agent().id(), Agent.SUSPENDED, TestAudit.ACTOR, TestAudit.change("agent.status"));
    assertThat(store.agents().authenticate("ci-bot", secret)).isEmpty();
    store.agents().setStatus(created.agent().id(), Agent.ACTIVE, TestAudit.ACTOR, TestAudit.change("agent.status"));
    assertThat(store.agents().authenticate("ci-bot", secret)).isPresent();

    MintedKey second =
        store.agents().keys().issue(created.agent().id(), TestAudit.ACTOR, TestAudit.change("agent.key.create"));
    store.agents().keys().revoke(created.agent().id(), created.key().id(), TestAudit.ACTOR,
        TestAudit.change("agent.key.revoke"));
    assertThat(store.agents().authenticate("ci-bot", secret)).isEmpty();
    assertThat(store.agents().authenticate("ci-bot", second.secret())).isPresent();
  }

  @Test
  void agentValidation() {
    store.environments().create(Environment.of("default", "Default"));
    store.agents().create("a1", "default", "langchain");

    assertThat(store.agents().list("default")).extracting(Agent::name).containsExactly("a1");
    assertThat(store.agents().list("other")).isEmpty();
    assertThat(store.agents().count()).isEqualTo(1);
    assertThatThrownBy(() -> store.agents().create("a1", "default", "custom"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT));
    assertThatThrownBy(() -> store.agents().create("a2", "missing", "custom"))
        .isInstanceOfSatisfying(StoreException.class,
            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> store.agents().create("-bad", "default", "custom"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("name"));
    assertThatThrownBy(() -> store.agents().create("ok", "default", "skynet"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.field()).isEqualTo("runtime_type"));
    assertThat(store.agents().count()).isEqualTo(1);
  }

  @Test
  void policyVersioning() {
    ValidatedPolicy v1 = policy("block-secrets", List.of("*"), "{\"name\":\"block-secrets\",\"rules\":[1]}");
    ValidatedPolicy v2 = policy("block-secrets", List.of("*"), "{\"name\":\"block-secrets\",\"rules\":[1,2]}");

    StoredPolicy first = store.policies().apply(v1);
    StoredPolicy second = store.policies().apply(v2);

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.current()).isTrue();
    assertThat(store.policies().find(first.id())).get().satisfies(p -> {
      assertThat(p.current()).isFalse();
      assertThat(p.documentJson()).contains("[1]");
    });
    assertThat(store.policies().loadAllCurrent()).extracting(StoredPolicy::id).containsExactly(second.id());
    assertThat(store.policies().count()).isEqualTo(2);
  }

  @Test
  void policiesAreKeyedByNameAndEnvSetAndFilteredByEnv() {
    StoredPolicy everywhere = store.policies().apply(policy("p", List.of("*"), "{\"a\":1}"));
    StoredPolicy prod = store.policies().apply(policy("p", List.of("staging", "production"), "{\"a\":2}"));
    StoredPolicy dev = store.policies().apply(policy("q", List.of("dev"), "{\"a\":3}"));

    assertThat(prod.version()).isEqualTo(1);
    assertThat(prod.envNames()).containsExactly("production", "staging");
    assertThat(store.policies().listCurrent("production")).extracting(StoredPolicy::id)
        .containsExactlyInAnyOrder(everywhere.id(), prod.id());
    assertThat(store.policies().listCurrent("dev")).extracting(StoredPolicy::id)
        .containsExactlyInAnyOrder(everywhere.id(), dev.id());
    assertThat(store.policies().listCurrent(null)).hasSize(3);

    assertThat(store.policies().delete(prod.id())).isTrue();
    assertThat(store.policies().delete(prod.id())).isFalse();
    assertThat(store.policies().find(prod.id())).isEmpty();
    assertThat(store.policies().listCurrent("production")).extracting(StoredPolicy::id)
        .containsExactly(everywhere.id());
    assertThat(store.policies().apply(policy("p", List.of("production", "staging"), "{\"a\":4}")).version())
        .isEqualTo(2);
  }

  @Test
  void adminTokens() {
    IssuedKey token = store.adminTokens().create("owner", "bootstrap");
    assertThat(token.secret()).matches("alt_[A-Za-z0-9_-]{43}");
    assertThat(store.adminTokens().roleOf(token.secret())).contains("owner");
    assertThat(store.adminTokens().roleOf("alt_wrong")).isEmpty();
    store.adminTokens().register(token, "owner", "again");
    assertThat(store.adminTokens().roleOf(token.secret())).isEqualTo(Optional.of("owner"));
  }

  static ValidatedPolicy policy(String name, List<String> envs, String json) {
    return new ValidatedPolicy(name, "d", envs, json, 1);
  }
}
