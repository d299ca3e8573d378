package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit chain against a real PostgreSQL: intact when untouched, and each kind of tampering named. */
class AuditLogTest extends StoreTestBase {
  private static AuditLog audit;
  private static final AuditActor ACTOR = new AuditActor("tok_1", "owner", "req_1");

  AuditLogTest() {
    super(Seed.EMPTY);
  }

  @BeforeAll
  static void start() {
    audit = new AuditLog(db.dataSource(), Clock.systemUTC());
  }

  @BeforeEach
  void fiveEvents() {
    for (int i = 1; i <= 5; i++) {
      ObjectNode before = JsonNodeFactory.instance.objectNode().put("name", "v" + (i - 1)).put("mode", "enforce");
      ObjectNode after = JsonNodeFactory.instance.objectNode().put("mode", "enforce").put("name", "v" + i)
          .put("ratio", 1.5).put("is_production", i % 2 == 0);
      audit.record(ACTOR, new AuditChange("environment.update", "environment", "env" + i, i < 4 ? "staging" : null,
          before, after));
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void anUntouchedChainVerifies() {
    AuditVerification v = audit.verify();
    assertThat(v.ok()).as(v.message()).isTrue();
    assertThat(v.rows()).isEqualTo(5);
  }

  @Test
  void eventsAreListedNewestFirstWithCountsCursorsAndFilters() {
    AuditLog.Page first = audit.list(new AuditQuery(null, null, null, null, 2, null));
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).extracting(AuditEvent::seq).containsExactly(5L, 4L);
    AuditLog.Page second = audit.list(new AuditQuery(null, null, null, null, 2, first.nextBeforeSeq()));
    assertThat(second.items()).extracting(AuditEvent::seq).containsExactly(3L, 2L);
    AuditLog.Page staging = audit.list(new AuditQuery("staging", null, null, null, 10, null));
    assertThat(staging.total()).isEqualTo(3);
    assertThat(staging.items()).allSatisfy(e -> assertThat(e.env()).isEqualTo("staging"));
    assertThat(audit.list(new AuditQuery(null, Instant.now().plusSeconds(60), null, null, 10, null)).total()).isZero();
    AuditEvent e = first.items().get(0);
    assertThat(e.actorKeyId()).isEqualTo("tok_1");
    assertThat(e.requestId()).isEqualTo("req_1");
    assertThat(e.after().get("name").asText()).isEqualTo("v5");
    assertThat(e.prevHash()).isEqualTo(first.items().get(1).hash());
  }

  @Test
  void anEditedRowIsNamed() throws SQLException {
    sql("UPDATE audit_events SET after = jsonb_set(after, '{name}', '\"forged\"') WHERE seq = 3");
    AuditVerification v = audit.verify();
    assertThat(v.ok()).isFalse();
    assertThat(v.problem()).isEqualTo("edited");
    assertThat(v.seq()).isEqualTo(3);
    assertThat(v.message()).contains("seq 3").contains("edited");
  }

  @Test
  void anEditedActorIsNamedToo() throws SQLException {
    sql("UPDATE audit_events SET actor_key_id = 'tok_other' WHERE seq = 2");
    assertThat(audit.verify().problem()).isEqualTo("edited");
    assertThat(audit.verify().seq()).isEqualTo(2);
  }

  @Test
  void aDeletedRowIsNamed() throws SQLException {
    sql("DELETE FROM audit_events WHERE seq = 2");
    AuditVerification v = audit.verify();
    assertThat(v.problem()).isEqualTo("deleted");
    assertThat(v.seq()).isEqualTo(3);
    assertThat(v.message()).contains("seq 2 missing");
  }

  @Test
  void deletingTheNewestRowsIsNamed() throws SQLException {
    sql("DELETE FROM audit_events WHERE seq >= 4");
    AuditVerification v = audit.verify();
    assertThat(v.problem()).isEqualTo("deleted");
    assertThat(v.seq()).isEqualTo(5);
  }

  @Test
  void anInsertedRowIsNamed() throws SQLException {
    sql("INSERT INTO audit_events SELECT 6, now(), 'tok_x', 'owner', 'environment.delete', 'environment', 'prod',"
        + " NULL, NULL, NULL, 'req_x', hash, sha256(hash) FROM audit_events WHERE seq = 4");
    AuditVerification v = audit.verify();
    assertThat(v.problem()).isEqualTo("inserted");
    assertThat(v.seq()).isEqualTo(6);
  }

  @Test
  void appendsFromManyThreadsKeepOneChain() throws Exception {
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 10; i++) {
          audit.record(ACTOR, new AuditChange("agent.create", "agent", "agt_" + i, "default", null, null));
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    AuditVerification v = audit.verify();
    assertThat(v.ok()).as(v.message()).isTrue();
    assertThat(v.rows()).isEqualTo(45);
  }
}
