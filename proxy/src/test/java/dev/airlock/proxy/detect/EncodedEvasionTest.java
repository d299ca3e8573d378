package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedEvasionTest {
  private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String AWS_ID = "SECRETS.aws_access_key";
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults());

  @Test
  void base64OnceReportsTheWholeEncodedToken() {
    String token = base64(AWS_KEY);
    String text = "{\"note\":\"" + token + "\"}";

    assertThat(spans(DETECTORS, text)).containsExactly(AWS_ID + "=" + token);
  }

  @Test
  void base64TwiceIsFoundAtTheDefaultDepth() {
    String token = base64(base64("aws key " + AWS_KEY));

    assertThat(spans(DETECTORS, "blob " + token + " end")).containsExactly(AWS_ID + "=" + token);
  }

  @Test
  void base64ThriceIsBeyondTheDefaultDepthButFoundWhenAllowed() {
    String token = base64(base64(base64(AWS_KEY)));
    Detectors deeper = new Detectors(DetectorSettings.defaults().withMaxDecodeDepth(3));

    assertThat(DETECTORS.scan(token)).isEmpty();
    assertThat(spans(deeper, token)).containsExactly(AWS_ID + "=" + token);
  }

  @Test
  void noDecodingWhenDepthOrBudgetIsZero() {
    String token = base64(AWS_KEY);

    assertThat(new Detectors(DetectorSettings.defaults().withMaxDecodeDepth(0)).scan(token)).isEmpty();
    assertThat(new Detectors(DetectorSettings.defaults().withMaxDecodedBytes(0)).scan(token)).isEmpty();
  }

  @Test
  void hexEncodedKey() {
    String token = HexFormat.of().formatHex(("id=" + AWS_KEY).getBytes(StandardCharsets.UTF_8));

    assertThat(spans(DETECTORS, "x " + token)).containsExactly(AWS_ID + "=" + token);
  }

  @Test
  void fullyPercentEncodedKeyMapsBackToItsEscapes() {
    StringBuilder encoded = new StringBuilder();
    for (char c : AWS_KEY.toCharArray()) {
      encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
    }
    String text = "https://example.com/upload?note=key%3A" + encoded + "&x=1";

    assertThat(spans(DETECTORS, text)).containsExactly(AWS_ID + "=" + encoded);
  }

  @Test
  void doublePercentEncodedEmail() {
    String once = URLEncoder.encode("bob@example.com", StandardCharsets.UTF_8);
    String twice = URLEncoder.encode(once, StandardCharsets.UTF_8);

    assertThat(twice).isEqualTo("bob%2540example.com");
    assertThat(spans(DETECTORS, "to=" + twice)).containsExactly("PII.email=" + twice);
  }

  @Test
  void slackTokenInsideBase64urlJson() {
    String slack = "xoxb-154817028967-7537197841403-WwKj2v2BSBnmPYyGf1KuTe0E";
    String token = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("{\"t\":\"" + slack + "\",\"n\":\"~~~>>>???\"}").getBytes(StandardCharsets.UTF_8));

    assertThat(token).containsAnyOf("-", "_");
    assertThat(spans(DETECTORS, "state=" + token)).containsExactly("SECRETS.slack_token=" + token);
  }

  @Test
  void base64SegmentOfAPath() {
    String token = base64(AWS_KEY);

    assertThat(spans(DETECTORS, "GET /v1/objects/" + token + "/meta"))
        .containsExactly(AWS_ID + "=" + token);
  }

  @Test
  void jsonUnicodeEscapeInsideAnAddress() {
    String text = "{\"to\":\"bob\\u0040example.com\",\"n\":1}";

    assertThat(spans(DETECTORS, text)).containsExactly("PII.email=bob\\u0040example.com");
  }

  @Test
  void jsonEscapedSlashesInsideBase64() {
    String token = "QVdTIGtleTogQUtJQUlPU0ZPRE5ON0VYQU1QTEU/";
    String escaped = token.replace("/", "\\/");
    String text = "{\"blob\":\"" + escaped + "\"}";

    assertThat(spans(DETECTORS, text)).containsExactly(AWS_ID + "=" + escaped);
  }

  @Test
  void keyAfterAnEscapedNewlineIsNotGluedToTheLetterN() {
    String text = "{\"log\":\"line one\\n" + AWS_KEY + "\"}";

    assertThat(spans(DETECTORS, text)).containsExactly(AWS_ID + "=" + AWS_KEY);
  }

  @Test
  void decodedBudgetIsShared() {
    String token = base64(AWS_KEY);
    int decodedLength = AWS_KEY.length();
    Detectors tight = new Detectors(DetectorSettings.defaults().withMaxDecodedBytes(decodedLength));

    // The first token spends the budget; the second one is not decoded.
    assertThat(tight.scan(token + " " + token)).hasSize(1);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> spans(Detectors detectors, String text) {
    return detectors.scan(text).stream()
        .map(f -> f.detectorId() + "=" + text.substring(f.start(), f.end()))
        .toList();
  }
}
