package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSnapshotTest {
  private static final byte[] K1 = Secrets.sha256("alk_1");
  private static final byte[] K2 = Secrets.sha256("alk_2");

  @Test
  void replacingAgentsUpdatesKeysAndNames() {
    AgentSnapshot s = AgentSnapshot.of(List.of(
        agent("agt_a", "bot", key("key_1", K1)),
        agent("agt_b", "bot", key("key_2", K2))));
    assertThat(s.find(new KeyHash(K1)).identity.agentId()).isEqualTo("agt_a");
    assertThat(s.hasAgentNamed("bot")).isTrue();

    AgentSnapshot withoutA = s.with(List.of("agt_a"), Map.of());
    assertThat(withoutA.find(new KeyHash(K1))).isNull();
    assertThat(withoutA.hasAgentNamed("bot")).as("agt_b still carries the name").isTrue();
    assertThat(s.find(new KeyHash(K1))).as("the old snapshot is untouched").isNotNull();

    AgentSnapshot none = withoutA.with(List.of("agt_b"), Map.of());
    assertThat(none.hasAgentNamed("bot")).isFalse();
    assertThat(none.keyCount()).isZero();
  }

  @Test
  void aKeyThatMovedBetweenAgentsEndsWithItsNewOwnerInEitherOrder() {
    AgentSnapshot s = AgentSnapshot.of(List.of(agent("agt_a", "a", key("key_1", K1)), agent("agt_b", "b")));
    Map<String, DirectoryAgent> moved = Map.of("agt_a", agent("agt_a", "a"), "agt_b", agent("agt_b", "b", key("key_1", K1)));
    assertThat(s.with(List.of("agt_b", "agt_a"), moved).find(new KeyHash(K1)).identity.agentId()).isEqualTo("agt_b");
    assertThat(s.with(List.of("agt_a", "agt_b"), moved).find(new KeyHash(K1)).identity.agentId()).isEqualTo("agt_b");
  }

  @Test
  void theAnswerIsBuiltOnceAndReused() {
    AgentSnapshot s = AgentSnapshot.of(List.of(agent("agt_a", "a", key("key_1", K1))));
    AgentSnapshot.Entry e = s.find(new KeyHash(Secrets.sha256("alk_1")));
    assertThat(e.answer.join()).contains(e.identity);
    assertThat(s.find(new KeyHash(K1)).answer).isSameAs(e.answer);
  }

  private static DirectoryAgent agent(String id, String name, DirectoryAgent.Key... keys) {
    return new DirectoryAgent(id, name, "default", "custom", List.of(keys));
  }

  private static DirectoryAgent.Key key(String id, byte[] hash) {
    return new DirectoryAgent.Key(id, hash, Long.MAX_VALUE);
  }
}
