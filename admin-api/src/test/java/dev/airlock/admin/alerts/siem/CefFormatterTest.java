package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.alerts.DecisionAlert;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CefFormatterTest {
  private final CefFormatter cef = new CefFormatter("1.2.3");

  @Test
  void denyIsOneExactLine() {
    String line = cef.format(SiemTestEvents.deny());

    assertThat(line).isEqualTo("CEF:0|Airlock|Airlock|1.2.3|DENY|Request denied: slack.post_message|10|"
        + "rt=1772368496789 suser=billing-bot act=DENY app=HTTPS request=https://slack.com/api/chat.postMessage"
        + " requestMethod=POST dhost=slack.com outcome=blocked externalId=trc_0190a1b2c3d4e5f60718293a4b5c6d7e"
        + " cs1Label=reasons cs1=SECRET_DETECTED cs2Label=env cs2=production cs3Label=rule cs3=prod-guard/no-secrets"
        + " cs4Label=tool cs4=slack.post_message cn1Label=risk cn1=91");
  }

  @Test
  void everyFieldReadsBackThroughTheEscapes() {
    DecisionAlert event = SiemTestEvents.awkward();
    CefLine line = CefLine.parse(cef.format(event));

    assertThat(line.header()).containsExactly("0", "Airlock", "Airlock", "1.2.3",
        "REQUIRE_APPROVAL", "Request held for approval: tool|x.op=y\\z", "8");
    assertThat(line.get("suser")).isEqualTo("agent\\one|two=three\nline2\nline3");
    assertThat(line.get("request")).isEqualTo("https://files.example/a|b/c=d\\e?x=1");
    assertThat(line.get("requestMethod")).isEqualTo("PUT");
    assertThat(line.get("act")).isEqualTo("REQUIRE_APPROVAL");
    assertThat(line.get("outcome")).isEqualTo("held");
    assertThat(line.labelled("reasons")).isEqualTo("NEW_DESTINATION,PII=EMAIL|X");
    assertThat(line.labelled("rule")).isEqualTo("policy\\a/rule=b|c");
    assertThat(line.labelled("env")).isEqualTo("production");
    assertThat(line.labelled("risk")).isEqualTo("46");
    assertThat(cef.format(event)).doesNotContain("\n").doesNotContain("\r");
  }

  @Test
  void headerEscapesPipeAndBackslashAndFlattensLineBreaks() {
    assertThat(CefText.header("a|b\\c\nd\re", 100)).isEqualTo("a\\|b\\\\c d e");
  }

  @Test
  void extensionEscapesEqualsBackslashAndLineBreaksButNotPipe() {
    assertThat(CefText.extension("a=b\\c|d\r\ne\nf\rg", 100)).isEqualTo("a\\=b\\\\c|d\\ne\\nf\\ng");
  }

  @Test
  void longValuesAreCutToTheirCefLimitsBeforeEscaping() {
    String path = "/" + "\\".repeat(2000);
    String agent = "=".repeat(1500);
    List<String> reasons = List.of("R".repeat(3000), "S".repeat(3000));
    DecisionAlert event = new DecisionAlert(SiemTestEvents.trace("DENY", "DENY", "POST", "h.example", path, agent,
        "t", "o", reasons, "r", 1.0, "HIGH", 403));

    CefLine line = CefLine.parse(cef.format(event));

    assertThat(line.get("request")).hasSize(1023).isEqualTo(("https://h.example" + path).substring(0, 1023));
    assertThat(line.get("suser")).isEqualTo("=".repeat(1023));
    assertThat(line.labelled("reasons")).hasSize(4000).startsWith("R".repeat(3000) + ",");
    assertThat(line.get("cn1")).isEqualTo("100");
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String text = "a".repeat(1022) + "😀";
    assertThat(CefText.truncate(text, 1023)).isEqualTo("a".repeat(1022));
    assertThat(CefText.truncate(text, 1024)).isEqualTo(text);
  }

  @Test
  void externalIdIsCutToFortyCharacters() {
    DecisionAlert event = new DecisionAlert(new dev.airlock.proxy.trace.Trace("x".repeat(60), SiemTestEvents.TIME,
        "e", "a", null, "t", "o", "READ", "GET", "h", "/", 200, "ALLOW", "ALLOW", List.of(), null, 0, "LOW",
        List.of(), List.of(), 0, 0, 0, 0));
    assertThat(CefLine.parse(cef.format(event)).get("externalId")).isEqualTo("x".repeat(40));
  }

  @ParameterizedTest
  @CsvSource({"LOW,3", "MEDIUM,5", "HIGH,8", "CRITICAL,10", "bogus,3"})
  void severityMapsToCefNumbers(String severity, int expected) {
    DecisionAlert event = new DecisionAlert(SiemTestEvents.trace("DENY", "DENY", "GET", "h", "/", "a", "t", "o",
        List.of(), null, 0, severity, 403));
    assertThat(CefLine.parse(cef.format(event)).severity()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"ALLOW,ALLOW,allowed", "SANITIZE,SANITIZE,sanitized", "DENY,DENY,blocked",
      "REQUIRE_APPROVAL,REQUIRE_APPROVAL,held", "DENY,ALLOW,allowed"})
  void signatureIsTheDecisionAndOutcomeWhatWasEnforced(String decision, String enforced, String outcome) {
    DecisionAlert event = new DecisionAlert(SiemTestEvents.trace(decision, enforced, "GET", "h", "/", "a", "t", "o",
        List.of(), null, 0, "LOW", 200));
    CefLine line = CefLine.parse(cef.format(event));
    assertThat(line.signature()).isEqualTo(decision);
    assertThat(line.get("act")).isEqualTo(enforced);
    assertThat(line.get("outcome")).isEqualTo(outcome);
  }

  @Test
  void unauthenticatedDecisionLeavesOutEmptyFields() {
    DecisionAlert event = new DecisionAlert(SiemTestEvents.trace("DENY", "DENY", "GET", "h", "/", "", "", "",
        List.of(), null, 0, "LOW", 407));
    CefLine line = CefLine.parse(cef.format(event));
    assertThat(line.extensions()).doesNotContainKeys("suser", "cs1", "cs1Label", "cs3", "cs3Label", "cs4");
    assertThat(line.name()).isEqualTo("Request denied");
  }

  @Test
  void incidentIsCefToo() {
    CefLine line = CefLine.parse(cef.format(SiemTestEvents.incident("opened", "open")));

    assertThat(line.signature()).isEqualTo("INCIDENT_OPENED");
    assertThat(line.name()).isEqualTo("5 DENYs in 1 h | billing-bot");
    assertThat(line.severity()).isEqualTo(8);
    assertThat(line.get("externalId")).isEqualTo("inc_0190a1b2c3d4e5f60718293a4b5c6d7e");
    assertThat(line.get("suser")).isEqualTo("billing-bot");
    assertThat(line.get("act")).isEqualTo("opened");
    assertThat(line.get("outcome")).isEqualTo("open");
    assertThat(line.get("msg")).isEqualTo("5th DENY in 1 h = too many");
    assertThat(line.labelled("trigger")).isEqualTo("deny_burst");
    assertThat(line.labelled("traces"))
        .isEqualTo("trc_0190a1b2c3d4e5f60718293a4b5c6d7e,trc_0190a1b2c3d4e5f60718293a4b5c6d7f");
    assertThat(CefLine.parse(cef.format(SiemTestEvents.incident("transitioned", "closed"))).signature())
        .isEqualTo("INCIDENT_TRANSITIONED");
  }

  @Test
  void versionIsTheProductVersion() {
    assertThat(CefLine.parse(CefFormatter.forCurrentVersion().format(SiemTestEvents.allow())).version())
        .isEqualTo(ProductVersion.current());
    assertThat(CefLine.parse(new CefFormatter("9|9\\x").format(SiemTestEvents.allow())).version())
        .isEqualTo("9|9\\x");
  }
}
