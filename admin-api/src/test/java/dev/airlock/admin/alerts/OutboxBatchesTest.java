package dev.airlock.admin.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How drained events become outbox rows: one per chat event, one per batch for bulk channels. */
class OutboxBatchesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static AlertChannel channel(String id, String json) {
    return new AlertChannel(id, ChannelSpecParser.create(TestEvents.json(json)), Instant.EPOCH, Instant.EPOCH);
  }

  private final ChannelSnapshot channels = new ChannelSnapshot(List.of(
      channel("ach_chat", "{'name': 'chat', 'type': 'discord', 'env_names': ['default'], 'events': ['DENY',"
          + " 'REQUIRE_APPROVAL'], 'config': {'webhook_url': 'https://d.example/1'}}"),
      channel("ach_hook", "{'name': 'hook', 'type': 'webhook', 'env_names': ['default'], 'events': ['ALLOW', 'DENY',"
          + " 'REQUIRE_APPROVAL'], 'config': {'url': 'https://siem.example/in'}}"),
      channel("ach_syslog", "{'name': 'siem', 'type': 'syslog', 'env_names': ['default'], 'events': ['DENY'],"
          + " 'config': {'host': '127.0.0.1', 'port': 514, 'protocol': 'udp'}}")));

  private static List<Object> denies(int n) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestEvents.deny("trc_" + i, "default", "bot", "LOW"));
    }
    return out;
  }

  private static List<OutboxRepository.Row> of(List<OutboxRepository.Row> rows, String channelId) {
    return rows.stream().filter(r -> r.channelId().equals(channelId)).toList();
  }

  private static List<String> ids(OutboxRepository.Row batch) throws Exception {
    List<String> out = new ArrayList<>();
    JsonNode array = DeflatedJson.read(batch.deflated());
    array.forEach(e -> out.add(e.get("event_id").asText()));
    return out;
  }

  @Test
  void chatGetsARowPerEventAndBulkChannelsOneBatchRow() throws Exception {
    List<OutboxRepository.Row> rows = new OutboxBatches(500, 1 << 20).rows(channels, denies(7));
    assertThat(of(rows, "ach_chat")).hasSize(7).allSatisfy(r -> {
      assertThat(r.count()).isEqualTo(1);
      assertThat(r.eventType()).isEqualTo("DENY");
    });
    assertThat(of(rows, "ach_chat")).extracting(OutboxRepository.Row::eventId)
        .containsExactly("trc_0", "trc_1", "trc_2", "trc_3", "trc_4", "trc_5", "trc_6");
    for (String bulk : List.of("ach_hook", "ach_syslog")) {
      assertThat(of(rows, bulk)).singleElement().satisfies(r -> {
        assertThat(r.count()).isEqualTo(7);
        assertThat(r.eventType()).isEqualTo(OutboxBatches.BATCH);
        assertThat(r.eventId()).startsWith("bat_");
        assertThat(ids(r)).containsExactly("trc_0", "trc_1", "trc_2", "trc_3", "trc_4", "trc_5", "trc_6");
        assertThat(r.event()).isNull();
        assertThat(AlertEventJson.fromJson(DeflatedJson.read(r.deflated()).get(3)))
            .isEqualTo(TestEvents.deny("trc_3", "default", "bot", "LOW"));
      });
    }
    assertThat(of(rows, "ach_hook").get(0).eventId()).isNotEqualTo(of(rows, "ach_syslog").get(0).eventId());
    // The same events for both bulk channels: deflated once, stored twice.
    assertThat(of(rows, "ach_hook").get(0).deflated()).isSameAs(of(rows, "ach_syslog").get(0).deflated());
  }

  @Test
  void bulkChannelsWithDifferentEventsGetTheirOwnBatches() throws Exception {
    List<Object> drained = new ArrayList<>(denies(2));
    drained.add(new DecisionAlert(TestEvents.trace("trc_allow", "default", "bot", "ALLOW", "LOW", null)));
    List<OutboxRepository.Row> rows = new OutboxBatches(500, 1 << 20).rows(channels, drained);

    assertThat(ids(of(rows, "ach_hook").get(0))).containsExactly("trc_0", "trc_1", "trc_allow");
    assertThat(ids(of(rows, "ach_syslog").get(0))).containsExactly("trc_0", "trc_1");
  }

  @Test
  void aStoredBatchIsAboutATenthOfItsJson() throws Exception {
    List<OutboxRepository.Row> rows = of(new OutboxBatches(500, 1 << 20).rows(channels, denies(500)), "ach_hook");
    int chars = 0;
    for (int i = 0; i < 500; i++) {
      chars += AlertEventJson.toJson(TestEvents.deny("trc_" + i, "default", "bot", "LOW")).toString().length() + 1;
    }
    int json = chars;
    assertThat(rows).singleElement().satisfies(r -> assertThat(r.deflated().length).isLessThan(json / 5));
  }

  @Test
  void aBatchIsCutByEventCountAndBySize() throws Exception {
    List<OutboxRepository.Row> byCount = of(new OutboxBatches(3, 1 << 20).rows(channels, denies(7)), "ach_hook");
    assertThat(byCount).extracting(OutboxRepository.Row::count).containsExactly(3, 3, 1);
    assertThat(ids(byCount.get(2))).containsExactly("trc_6");

    int one = AlertEventJson.toJson(TestEvents.deny("trc_0", "default", "bot", "LOW")).toString().length();
    List<OutboxRepository.Row> bySize = of(new OutboxBatches(500, 2 * one + 10).rows(channels, denies(5)), "ach_hook");
    assertThat(bySize).extracting(OutboxRepository.Row::count).containsExactly(2, 2, 1);
    assertThat(bySize).allSatisfy(r -> assertThat(DeflatedJson.read(r.deflated()).toString().length())
        .isLessThanOrEqualTo(2 * one + 10));
    List<String> all = new ArrayList<>();
    for (OutboxRepository.Row r : bySize) {
      all.addAll(ids(r));
    }
    assertThat(all).containsExactly("trc_0", "trc_1", "trc_2", "trc_3", "trc_4");
  }

  @Test
  void anEarlyNoticeGoesToChatOnlyAndATargetedEventAlone() {
    List<Object> drained = List.of(new OutboxBatches.ChatOnly(TestEvents.approval("trc_a", "apr_1")),
        new OutboxBatches.Targeted("ach_hook", TestEvents.incident()),
        new DecisionAlert(TestEvents.trace("trc_allow", "default", "bot", "ALLOW", "LOW", null)));
    List<OutboxRepository.Row> rows = new OutboxBatches(500, 1 << 20).rows(channels, drained);
    assertThat(rows).extracting(r -> r.channelId() + " " + r.eventId() + " " + r.count())
        .containsExactlyInAnyOrder("ach_chat trc_a 1", "ach_hook " + TestEvents.incident().eventId() + " 1",
            "ach_hook " + of(rows, "ach_hook").get(1).eventId() + " 1");
    assertThat(of(rows, "ach_hook").get(0).event()).startsWith("{");
    assertThat(of(rows, "ach_hook").get(1).event()).isNull();
    assertThat(of(rows, "ach_hook").get(1).deflated()).isNotNull();
  }
}
