package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.alerts.AlertEvent;
import dev.airlock.admin.alerts.DecisionAlert;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OcsfMapperTest {
  private static final OcsfSchema SCHEMA = OcsfSchema.load("/siem/ocsf-1.8.0-schema.json");
  private final OcsfMapper ocsf = new OcsfMapper("1.2.3");

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of("deny", SiemTestEvents.deny()),
        Arguments.of("allow", SiemTestEvents.allow()),
        Arguments.of("awkward approval", SiemTestEvents.awkward()),
        Arguments.of("sanitize", decision("SANITIZE", "SANITIZE", "PATCH", 200)),
        Arguments.of("monitor-mode deny", decision("DENY", "ALLOW", "DELETE", 200)),
        Arguments.of("approved in time", decision("REQUIRE_APPROVAL", "REQUIRE_APPROVAL", "POST", 201)),
        Arguments.of("odd method, no status", decision("DENY", "DENY", "PROPFIND", 0)),
        Arguments.of("unauthenticated", new DecisionAlert(SiemTestEvents.trace("DENY", "DENY", "CONNECT", "h", "",
            "", "", "", List.of("AUTH_REQUIRED"), null, 0, "MEDIUM", 407))),
        Arguments.of("incident opened", SiemTestEvents.incident("opened", "open")),
        Arguments.of("incident updated", SiemTestEvents.incident("updated", "investigating")),
        Arguments.of("incident closed", SiemTestEvents.incident("transitioned", "closed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void everyEventHasTheRequiredAttributesOfItsClass(String name, AlertEvent event) {
    List<ObjectNode> mapped = ocsf.map(event);
    assertThat(mapped).isNotEmpty();
    for (ObjectNode node : mapped) {
      String cls = node.get("class_uid").asInt() == 4002 ? "http_activity" : "detection_finding";
      assertThat(SCHEMA.problems(node, cls)).as(node.toPrettyString()).isEmpty();
    }
  }

  @Test
  void theValidatorCatchesBrokenEvents() {
    ObjectNode node = ocsf.map(SiemTestEvents.deny()).get(0);
    node.remove("time");
    node.put("type_uid", 400201);
    node.put("action_id", 7);
    node.put("disposition", "Allowed");
    ((ObjectNode) node.get("http_request")).put("http_method", 5);
    node.put("surprise", true);
    ((ObjectNode) node.get("metadata")).remove("product");
    ((ObjectNode) node.get("metadata")).putArray("profiles");

    assertThat(SCHEMA.problems(node, "http_activity")).contains(
        "http_activity.time is required",
        "http_activity.metadata.product is required",
        "type_uid = 400201 (expected 400206)",
        "action_id = 7 (not in {\"0\":\"Unknown\",\"1\":\"Allowed\",\"2\":\"Denied\",\"3\":\"Observed\","
            + "\"4\":\"Modified\",\"99\":\"Other\"})",
        "disposition = \"Allowed\" (expected \"Blocked\")",
        "http_activity.http_request.http_method = 5 is not string_t",
        "http_activity.surprise is not an attribute of http_activity",
        "actor without the host profile in metadata.profiles",
        "action_id without the security_control profile in metadata.profiles");
  }

  @Test
  void denyIsHttpActivityAndDetectionFinding() {
    List<ObjectNode> mapped = ocsf.map(SiemTestEvents.deny());

    assertThat(mapped).hasSize(2);
    JsonNode http = mapped.get(0);
    assertThat(http.get("class_uid").asInt()).isEqualTo(4002);
    assertThat(http.get("category_uid").asInt()).isEqualTo(4);
    assertThat(http.get("activity_id").asInt()).isEqualTo(6);
    assertThat(http.get("type_uid").asLong()).isEqualTo(400206);
    assertThat(http.get("time").asLong()).isEqualTo(SiemTestEvents.TIME.toEpochMilli());
    assertThat(http.get("severity_id").asInt()).isEqualTo(5);
    assertThat(http.get("action_id").asInt()).isEqualTo(2);
    assertThat(http.get("disposition_id").asInt()).isEqualTo(2);
    assertThat(http.get("status_id").asInt()).isEqualTo(2);
    assertThat(http.at("/metadata/version").asText()).isEqualTo("1.8.0");
    assertThat(http.at("/metadata/product/name").asText()).isEqualTo("Airlock");
    assertThat(http.at("/metadata/product/vendor_name").asText()).isEqualTo("Airlock");
    assertThat(http.at("/metadata/product/version").asText()).isEqualTo("1.2.3");
    assertThat(http.at("/metadata/profiles")).extracting(JsonNode::asText)
        .containsExactly("security_control", "host");
    assertThat(http.at("/http_request/http_method").asText()).isEqualTo("POST");
    assertThat(http.at("/http_request/url/hostname").asText()).isEqualTo("slack.com");
    assertThat(http.at("/http_request/url/path").asText()).isEqualTo("/api/chat.postMessage");
    assertThat(http.at("/http_request/url/scheme").asText()).isEqualTo("https");
    assertThat(http.at("/dst_endpoint/hostname").asText()).isEqualTo("slack.com");
    assertThat(http.at("/actor/user/name").asText()).isEqualTo("billing-bot");
    assertThat(http.at("/policy/uid").asText()).isEqualTo("prod-guard/no-secrets");
    assertThat(http.get("risk_score").asInt()).isEqualTo(91);
    assertThat(http.at("/unmapped/reasons/0").asText()).isEqualTo("SECRET_DETECTED");
    assertThat(http.at("/unmapped/env").asText()).isEqualTo("production");
    assertThat(http.at("/unmapped/rule").asText()).isEqualTo("prod-guard/no-secrets");
    assertThat(http.at("/unmapped/risk").asDouble()).isEqualTo(0.91);

    JsonNode finding = mapped.get(1);
    assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(finding.get("category_uid").asInt()).isEqualTo(2);
    assertThat(finding.get("activity_id").asInt()).isEqualTo(1);
    assertThat(finding.get("type_uid").asLong()).isEqualTo(200401);
    assertThat(finding.at("/finding_info/uid").asText()).isEqualTo("trc_0190a1b2c3d4e5f60718293a4b5c6d7e");
    assertThat(finding.at("/finding_info/title").asText()).isEqualTo("Request denied: slack.post_message");
    assertThat(finding.at("/finding_info/types/0").asText()).isEqualTo("SECRET_DETECTED");
    assertThat(finding.get("status_id").asInt()).isEqualTo(1);
    assertThat(finding.get("action_id").asInt()).isEqualTo(2);
  }

  @Test
  void allowAndSanitizeAreHttpActivityOnly() {
    assertThat(ocsf.map(SiemTestEvents.allow())).hasSize(1);
    assertThat(ocsf.map(decision("SANITIZE", "SANITIZE", "POST", 200))).hasSize(1);
    assertThat(ocsf.map(SiemTestEvents.awkward())).extracting(n -> n.get("class_uid").asInt())
        .containsExactly(4002, 2004);
  }

  @ParameterizedTest
  @CsvSource({"CONNECT,1", "DELETE,2", "GET,3", "HEAD,4", "OPTIONS,5", "POST,6", "PUT,7", "TRACE,8", "PATCH,9",
      "PROPFIND,99", "get,3"})
  void activityFollowsTheHttpMethod(String method, int activity) {
    JsonNode http = ocsf.map(decision("ALLOW", "ALLOW", method, 200)).get(0);
    assertThat(http.get("activity_id").asInt()).isEqualTo(activity);
    assertThat(http.get("type_uid").asLong()).isEqualTo(400200L + activity);
  }

  @ParameterizedTest
  @CsvSource({"ALLOW,ALLOW,200,1,1", "SANITIZE,SANITIZE,200,4,1", "DENY,DENY,403,2,2",
      "REQUIRE_APPROVAL,REQUIRE_APPROVAL,403,2,14", "REQUIRE_APPROVAL,REQUIRE_APPROVAL,200,1,8", "DENY,ALLOW,200,1,15"})
  void securityControlSaysWhatWasDone(String decision, String enforced, int status, int actionId, int dispositionId) {
    JsonNode http = ocsf.map(decision(decision, enforced, "POST", status)).get(0);
    assertThat(http.get("action_id").asInt()).isEqualTo(actionId);
    assertThat(http.get("disposition_id").asInt()).isEqualTo(dispositionId);
  }

  @ParameterizedTest
  @CsvSource({"opened,open,1,1", "updated,investigating,2,2", "transitioned,closed,3,4"})
  void incidentsAreDetectionFindings(String change, String status, int activityId, int statusId) {
    List<ObjectNode> mapped = ocsf.map(SiemTestEvents.incident(change, status));
    assertThat(mapped).hasSize(1);
    JsonNode finding = mapped.get(0);
    assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(finding.get("activity_id").asInt()).isEqualTo(activityId);
    assertThat(finding.get("type_uid").asLong()).isEqualTo(200400L + activityId);
    assertThat(finding.get("status_id").asInt()).isEqualTo(statusId);
    assertThat(finding.at("/finding_info/uid").asText()).isEqualTo("inc_0190a1b2c3d4e5f60718293a4b5c6d7e");
    assertThat(finding.at("/finding_info/title").asText()).isEqualTo("5 DENYs in 1 h | billing-bot");
    assertThat(finding.at("/finding_info/types/0").asText()).isEqualTo("deny_burst");
    assertThat(finding.at("/finding_info/related_events")).hasSize(2);
    assertThat(finding.get("severity_id").asInt()).isEqualTo(4);
  }

  @Test
  void jsonLinesParseBackToTheSameEvents() throws Exception {
    List<String> lines = ocsf.mapToJson(SiemTestEvents.awkward());
    ObjectMapper json = new ObjectMapper();
    assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    assertThat(json.readTree(lines.get(0)).at("/actor/user/name").asText())
        .isEqualTo("agent\\one|two=three\nline2\r\nline3");
  }

  private static DecisionAlert decision(String decision, String enforced, String method, int status) {
    return new DecisionAlert(SiemTestEvents.trace(decision, enforced, method, "api.example", "/v1/x", "agent-1",
        "example", "write", List.of("RULE_MATCH"), "p/r", 0.5, "MEDIUM", status));
  }
}
