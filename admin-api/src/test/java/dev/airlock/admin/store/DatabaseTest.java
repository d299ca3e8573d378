package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database: migrations on an empty data dir, data kept across restarts. */
class DatabaseTest {
  @TempDir Path dataDir;

  @Test
  void migratesEmptyDataDirAndKeepsDataAcrossRestarts() throws SQLException {
    Database first = Database.embedded(dataDir);
    try {
      assertThat(tables(first))
          .contains("environments", "agents", "agent_keys", "policies", "traces", "admin_tokens", "settings", "audit_events");
      assertThat(first.isReady()).isTrue();
      StoreRepositories.on(first.dataSource()).environments().create(Environment.of("kept", "Kept"));
    } finally {
      first.close();
      first.close();
    }
    assertThat(first.isReady()).isFalse();
    assertThat(dataDir.resolve("pg/PG_VERSION")).exists();

    try (Database second = Database.embedded(dataDir)) {
      assertThat(StoreRepositories.on(second.dataSource()).environments().find("kept")).isPresent();
    }
  }

  @Test
  void theEmbeddedServerIsDurable() throws SQLException {
    try (Database db = Database.embedded(dataDir);
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThat(setting(s, "fsync")).isEqualTo("on");
      assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(s, "full_page_writes")).isEqualTo("on");
    }
  }

  private static String setting(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> tables(Database db) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  @Test
  void displayedUrlsNeverCarryAPassword() {
    assertThat(Database.withoutPassword("jdbc:postgresql://db:5432/airlock?user=u&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/airlock?user=u&password=***&ssl=true");
    assertThat(Database.withoutPassword("jdbc:postgresql://db/airlock?PASSWORD=s3cret"))
        .isEqualTo("jdbc:postgresql://db/airlock?PASSWORD=***");
    assertThat(Database.withoutPassword("jdbc:postgresql://u:s3cret@db/airlock"))
        .isEqualTo("jdbc:postgresql://u:***@db/airlock");
    assertThat(Database.withoutPassword("jdbc:postgresql://db:5432/airlock?user=u"))
        .isEqualTo("jdbc:postgresql://db:5432/airlock?user=u");
  }
}
