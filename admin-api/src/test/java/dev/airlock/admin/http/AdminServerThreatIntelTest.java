package dev.airlock.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/threat-intel/feeds}: stored, listed with counts, replaced, removed, audited, and in force at once. */
class AdminServerThreatIntelTest extends AdminServerTestBase {
  private static final String FEEDS = "/api/v1/threat-intel/feeds";

  @BeforeEach
  void forgetFeeds() {
    new dev.airlock.admin.intel.StoredFeedsReload(store.threatFeeds(), intel).run();
  }

  @Test
  void aFeedIsStoredListedReplacedAndDeletedAndInForceBeforeTheAnswer() throws Exception {
    HttpResponse<String> created = post(FEEDS, bearer(), """
        {"name": "team-blocklist", "indicators": ["evil.example", "203.0.113.0/24", "http://drop.example/x.sh",
         "not an indicator"]}""");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode feed = json.readTree(created.body()).get("data");
    assertThat(feed.get("source").asText()).isEqualTo("api");
    assertThat(feed.get("format").asText()).isEqualTo("plain");
    assertThat(feed.get("indicators").asInt()).isEqualTo(3);
    assertThat(feed.get("domains").asInt()).isEqualTo(1);
    assertThat(feed.get("ips").asInt()).isEqualTo(1);
    assertThat(feed.get("urls").asInt()).isEqualTo(1);
    assertThat(feed.get("invalid").asInt()).isEqualTo(1);
    assertThat(feed.get("invalid_samples").get(0).asText()).isEqualTo("line 4: not an indicator");
    assertThat(intel.match("cdn.evil.example", null, null)).isEqualTo("team-blocklist");
    assertThat(intel.match("x.example", InetAddress.getByName("203.0.113.9"), null)).isEqualTo("team-blocklist");

    JsonNode list = json.readTree(get(FEEDS, bearer()).body());
    assertThat(list.at("/meta/total").asInt()).isEqualTo(1);
    assertThat(list.at("/data/0/name").asText()).isEqualTo("team-blocklist");
    assertThat(list.at("/data/0/invalid").asInt()).isEqualTo(1);
    assertThat(list.at("/data/0/loaded_at").asText()).isNotBlank();
    assertThat(json.readTree(get(FEEDS + "/team-blocklist", bearer()).body()).at("/data/ips").asInt()).isEqualTo(1);

    HttpResponse<String> replaced = post(FEEDS, bearer(), """
        {"name": "team-blocklist", "format": "urlhaus",
         "text": "# id,dateadded,url,url_status\\n\\"1\\",\\"2026-12-06\\",\\"https://phish.example/login\\",\\"online\\"\\n"}""");
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(json.readTree(replaced.body()).at("/data/urls").asInt()).isEqualTo(1);
    assertThat(intel.match("cdn.evil.example", null, null)).isNull();
    assertThat(intel.match("phish.example", null, "https://phish.example/login?x=1")).isEqualTo("team-blocklist");

    HttpResponse<String> deleted = call("DELETE", FEEDS + "/team-blocklist", bearer(), null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(intel.match("phish.example", null, "https://phish.example/login")).isNull();
    assertError(get(FEEDS + "/team-blocklist", bearer()), 404, "not_found", null);
    assertError(call("DELETE", FEEDS + "/team-blocklist", bearer(), null), 404, "not_found", null);

    List<String> actions = new ArrayList<>();
    json.readTree(get("/api/v1/audit?limit=20", bearer()).body()).get("data")
        .forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions).contains("threat_intel.feed.create", "threat_intel.feed.replace", "threat_intel.feed.delete");
    assertThat(get("/api/v1/audit?limit=20", bearer()).body()).doesNotContain("evil.example");
  }

  @Test
  void badFeedsAreRefusedNamingTheField() throws Exception {
    assertError(post(FEEDS, bearer(), "{\"name\": \"bad name\", \"indicators\": [\"evil.example\"]}"), 400,
        "invalid_name", "name");
    assertError(post(FEEDS, bearer(), "{\"indicators\": [\"evil.example\"]}"), 400, "invalid_name", "name");
    assertError(post(FEEDS, bearer(), "{\"name\": \"f\", \"format\": \"stix\", \"indicators\": [\"a.example\"]}"),
        400, "invalid_format", "format");
    assertError(post(FEEDS, bearer(), "{\"name\": \"f\", \"indicators\": [\"a.example\"], \"text\": \"b.example\"}"),
        400, "invalid_feed", "text");
    assertError(post(FEEDS, bearer(), "{\"name\": \"f\"}"), 400, "invalid_feed", "indicators");
    assertError(post(FEEDS, bearer(), "{\"name\": \"f\", \"indicators\": [7]}"), 400, "invalid_field",
        "indicators[0]");
    assertError(post(FEEDS, bearer(), "{\"name\": \"f\", \"indicators\": [\"nothing here\"]}"), 422,
        "no_indicators", "indicators");
    assertError(post(FEEDS, bearer(), "{\"name\": \"f\", \"urls\": []}"), 422, "unknown_field", "urls");
    assertError(get("/api/v1/threat-intel/other", bearer()), 404, "not_found", null);
    assertThat(json.readTree(get(FEEDS, bearer()).body()).at("/meta/total").asInt()).isZero();
  }

  @Test
  void feedsAreChangedWithTenantWideKeysOnlyAndReadByEveryKey() throws Exception {
    var issued = store.adminTokens().create("admin", "scoped");
    AgentsApiTestBase.sql("UPDATE admin_tokens SET env = 'default' WHERE id = '" + issued.id() + "'");
    String scoped = "Bearer " + issued.secret();
    String auditor = "Bearer " + store.adminTokens().create("auditor", "reader").secret();
    String body = "{\"name\": \"f\", \"indicators\": [\"evil.example\"]}";
    assertError(post(FEEDS, scoped, body), 403, "forbidden", null);
    assertThat(post(FEEDS, auditor, body).statusCode()).isEqualTo(403);
    assertThat(post(FEEDS, bearer(), body).statusCode()).isEqualTo(201);
    assertThat(json.readTree(get(FEEDS, scoped).body()).at("/meta/total").asInt()).isEqualTo(1);
    assertThat(json.readTree(get(FEEDS, auditor).body()).at("/meta/total").asInt()).isEqualTo(1);
    assertError(call("DELETE", FEEDS + "/f", scoped, null), 403, "forbidden", null);
  }

  @Test
  void theCliAddsListsShowsAndRemovesFeeds() throws Exception {
    java.util.Map<String, String> env = java.util.Map.of("AIRLOCK_URL", "http://127.0.0.1:" + server.port(),
        "AIRLOCK_ADMIN_TOKEN", token);
    dev.airlock.admin.cli.Cli.Result added = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "add", "c2",
        "--indicator", "evil.example,198.51.100.0/24", "--indicator", "bogus entry");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).isEqualTo("Stored feed 'c2': 2 indicators (1 domains, 1 addresses and blocks, 0 URLs),"
        + " 1 line(s) skipped.\n");
    assertThat(intel.match("www.evil.example", null, null)).isEqualTo("c2");

    java.nio.file.Path csv = java.nio.file.Files.createTempFile("urlhaus", ".csv");
    java.nio.file.Files.writeString(csv, "# id,dateadded,url\n\"9\",\"2026-12-06\",\"http://drop.example/a.sh\"\n");
    dev.airlock.admin.cli.Cli.Result file = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "add", "urlhaus",
        "-f", csv.toString());
    assertThat(file.exitCode()).as(file.err()).isZero();
    assertThat(file.out()).contains("1 indicators", "1 URLs");

    dev.airlock.admin.cli.Cli.Result listed = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "list");
    assertThat(listed.out()).startsWith("NAME").contains("c2", "urlhaus", "api", "plain");
    dev.airlock.admin.cli.Cli.Result shown = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "show", "c2");
    assertThat(shown.out()).contains("Skipped:    1 line(s)", "line 3: bogus entry");

    dev.airlock.admin.cli.Cli.Result removed = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "delete", "c2");
    assertThat(removed.out()).isEqualTo("Removed feed 'c2'.\n");
    assertThat(intel.match("www.evil.example", null, null)).isNull();
    dev.airlock.admin.cli.Cli.Result missing = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "delete", "c2");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().lines()).hasSize(1).first().asString().contains("not found");
    dev.airlock.admin.cli.Cli.Result both = dev.airlock.admin.cli.Cli.run(env, "threat-intel", "add", "x");
    assertThat(both.exitCode()).isEqualTo(2);
  }
}
