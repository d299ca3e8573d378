package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final Set<DataClass> ALL = EnumSet.allOf(DataClass.class);
  private final Detectors detectors = new Detectors(DetectorSettings.defaults());
  private final Redactor redactor = new Redactor();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void jsonStaysValidAndOtherEscapesStayByteIdentical() throws Exception {
    String body = "{\"text\":\"He said \\\"mail me at bob@example.com\\\" \\u00e9t\\u00e9\\n\","
        + "\"key\":\"AKIAIOSFODNN7EXAMPLE\",\"n\":1}";

    String out = redact(body, "application/json; charset=utf-8", ALL);

    assertThat(out).isEqualTo("{\"text\":\"He said \\\"mail me at [REDACTED:PII]\\\" \\u00e9t\\u00e9\\n\","
        + "\"key\":\"[REDACTED:SECRETS]\",\"n\":1}");
    assertThat(json.readTree(out).get("text").asText()).isEqualTo("He said \"mail me at [REDACTED:PII]\" été\n");
  }

  @Test
  void findingOverAUnicodeEscapeReplacesTheWholeEscape() throws Exception {
    String body = "{\"to\":\"bob\\u0040example.com\"}";

    String out = redact(body, "application/json", ALL);

    assertThat(out).isEqualTo("{\"to\":\"[REDACTED:PII]\"}");
    assertThat(json.readTree(out).get("to").asText()).isEqualTo("[REDACTED:PII]");
  }

  @Test
  void spanCuttingIntoEscapesIsWidenedButNeverCrossesAQuote() throws Exception {
    String body = "{\"a\":\"x\\u0041y\",\"b\":\"z\\n\"}";
    // From inside the first escape to inside the second: across a closing quote and a key.
    int start = body.indexOf("\\u0041") + 2;
    int end = body.indexOf("\\n") + 1;
    Finding finding = new Finding(DataClass.INTERNAL, "INTERNAL.test", start, end);

    String out = redactor.redact(body, "application/vnd.api+json", List.of(finding), ALL);

    assertThat(out).isEqualTo("{\"a\":\"x[REDACTED:INTERNAL]\",\"[REDACTED:INTERNAL]\":\"[REDACTED:INTERNAL]\"}");
    JsonNode tree = json.readTree(out);
    assertThat(tree.get("a").asText()).isEqualTo("x[REDACTED:INTERNAL]");
  }

  @Test
  void redactedNumberBecomesAString() throws Exception {
    String body = "{\"card\":4111111111111111,\"ok\":true}";

    String out = redact(body, "application/json", ALL);

    assertThat(out).isEqualTo("{\"card\":\"[REDACTED:PII]\",\"ok\":true}");
    assertThat(json.readTree(out).get("ok").asBoolean()).isTrue();
  }

  @Test
  void privateKeyWithEscapedNewlinesStaysInsideItsString() throws Exception {
    String body = "{\"k\":\"-----BEGIN RSA PRIVATE KEY-----\\n"
        + "jORS/6ilI8ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TWDtkwtDDb+xHKas1VOqg6YY\\n"
        + "-----END RSA PRIVATE KEY-----\\n\",\"id\":7}";

    String out = redact(body, "application/json", ALL);

    assertThat(out).isEqualTo("{\"k\":\"[REDACTED:SECRETS]\\n\",\"id\":7}");
    assertThat(json.readTree(out).get("id").asInt()).isEqualTo(7);
  }

  @Test
  void classesNotRequestedStayUntouched() {
    String body = "{\"email\":\"bob@example.com\",\"key\":\"AKIAIOSFODNN7EXAMPLE\",\"m\":\"CONFIDENTIAL\"}";

    RedactionResult result = redactor.redactWithCounts(
        body, "application/json", detectors.scan(body), EnumSet.of(DataClass.SECRETS));

    assertThat(result.text())
        .isEqualTo("{\"email\":\"bob@example.com\",\"key\":\"[REDACTED:SECRETS]\",\"m\":\"CONFIDENTIAL\"}");
    assertThat(result.counts()).containsOnlyKeys(DataClass.SECRETS);
    assertThat(result.total()).isEqualTo(1);
  }

  @Test
  void formBodyGetsAPercentEncodedReplacementOverWholeEscapes() {
    String body = "name=Bob&email=bob%40example.com&ssn=123-45-6789";

    RedactionResult result = redactor.redactWithCounts(
        body, "application/x-www-form-urlencoded", detectors.scan(body), ALL);

    assertThat(result.text())
        .isEqualTo("name=Bob&email=%5BREDACTED%3APII%5D&ssn=%5BREDACTED%3APII%5D");
    assertThat(result.count(DataClass.PII)).isEqualTo(2);
  }

  @Test
  void formSpanEndingInsideAnEscapeIsWidened() {
    String body = "a=x%41y";
    Finding cutsEscape = new Finding(DataClass.PII, "PII.test", 3, 5);

    assertThat(redactor.redact(body, "application/x-www-form-urlencoded", List.of(cutsEscape), ALL))
        .isEqualTo("a=x%5BREDACTED%3APII%5Dy");
  }

  @Test
  void multipartAndTextGetPlainReplacement() {
    String body = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
        + "call +1 415-555-2671 about 4111 1111 1111 1111\r\n--b--\r\n";

    String out = redact(body, "multipart/form-data; boundary=b", ALL);

    assertThat(out).isEqualTo("--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
        + "call [REDACTED:PII] about [REDACTED:PII]\r\n--b--\r\n");
    assertThat(redact("token ghp_cat9ag498dyT5bl5GhcqrGi0qx020vorwNIv.", null, ALL))
        .isEqualTo("token [REDACTED:SECRETS].");
  }

  @Test
  void overlappingFindingsAreReplacedOnceUnderTheMostSensitiveClass() {
    String text = "0123456789";
    List<Finding> findings = List.of(
        new Finding(DataClass.INTERNAL, "INTERNAL.a", 1, 5),
        new Finding(DataClass.SECRETS, "SECRETS.b", 3, 8));

    RedactionResult result = redactor.redactWithCounts(text, "text/plain", findings, ALL);

    assertThat(result.text()).isEqualTo("0[REDACTED:SECRETS]89");
    assertThat(result.counts()).containsOnlyKeys(DataClass.SECRETS);
  }

  @Test
  void noFindingsReturnsTheSameText() {
    String body = "{\"a\":\"\\u0041\"}";

    assertThat(redactor.redact(body, "application/json", List.of(), ALL)).isSameAs(body);
  }

  @Test
  void rejectsFindingsBeyondTheText() {
    Finding outside = new Finding(DataClass.PII, "PII.email", 2, 50);

    assertThatThrownBy(() -> redactor.redact("short", "text/plain", List.of(outside), ALL))
        .hasMessage("finding end: 50 (expected: <= text length 5)");
  }

  private String redact(String body, String mediaType, Set<DataClass> classes) {
    return redactor.redact(body, mediaType, detectors.scan(body), classes);
  }
}
