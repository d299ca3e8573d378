package dev.airlock.admin.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.admin.alerts.IntegrationSecrets.SlackApp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slack's {@code v0} request signature, checked against the example Slack publishes. */
class SlackSignatureTest {
  // The worked example of Slack's "Verifying requests from Slack" documentation.
  static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String TIMESTAMP = "1531420618";
  static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
      + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
      + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
      + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121"
      + ".803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
  static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  static SlackSignature at(long epochSecond) {
    return new SlackSignature(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  @Test
  void slacksPublishedExampleVerifiesAndSignsToTheDocumentedValue() {
    assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(at(1531420618L).verify(SECRET, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.VALID);
    assertThat(at(1531420618L).verify(SECRET, TIMESTAMP, SIGNATURE.toUpperCase().replace("V0=", "v0="), BODY))
        .as("hex digits in upper case are the same signature").isEqualTo(SlackSignature.Result.VALID);
  }

  @Test
  void timestampsMoreThanFiveMinutesAwayEitherWayAreRefusedWhateverTheSignature() {
    long t = Long.parseLong(TIMESTAMP);
    assertThat(at(t + 300).verify(SECRET, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.VALID);
    assertThat(at(t - 300).verify(SECRET, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.VALID);
    assertThat(at(t + 301).verify(SECRET, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.STALE);
    assertThat(at(t - 301).verify(SECRET, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.STALE);
    assertThat(at(t + 86_400).verify(SECRET, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.STALE);
  }

  @Test
  void aWrongSecretAModifiedBodyOrAnotherTimestampDoNotVerify() {
    SlackSignature now = at(1531420618L);
    assertThat(now.verify(SECRET.replace('8', '9'), TIMESTAMP, SIGNATURE, BODY))
        .isEqualTo(SlackSignature.Result.MISMATCH);
    byte[] modified = BODY.clone();
    modified[modified.length - 1] = 'd';
    assertThat(now.verify(SECRET, TIMESTAMP, SIGNATURE, modified)).isEqualTo(SlackSignature.Result.MISMATCH);
    byte[] longer = (new String(BODY, StandardCharsets.UTF_8) + "&x=1").getBytes(StandardCharsets.UTF_8);
    assertThat(now.verify(SECRET, TIMESTAMP, SIGNATURE, longer)).isEqualTo(SlackSignature.Result.MISMATCH);
    assertThat(now.verify(SECRET, "1531420619", SIGNATURE, BODY))
        .as("the timestamp is signed too").isEqualTo(SlackSignature.Result.MISMATCH);
    assertThat(now.verify(SECRET, TIMESTAMP, SIGNATURE.replace("b503", "b504"), BODY))
        .isEqualTo(SlackSignature.Result.MISMATCH);
  }

  @Test
  void missingOrMalformedHeadersAreRefusedBeforeAnyHmac() {
    SlackSignature now = at(1531420618L);
    assertThat(now.verify(SECRET, null, SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.MISSING_HEADERS);
    assertThat(now.verify(SECRET, TIMESTAMP, null, BODY)).isEqualTo(SlackSignature.Result.MISSING_HEADERS);
    assertThat(now.verify(SECRET, "", "", BODY)).isEqualTo(SlackSignature.Result.MISSING_HEADERS);
    assertThat(now.verify(SECRET, "15314206l8", SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.MALFORMED);
    assertThat(now.verify(SECRET, "-1531420618", SIGNATURE, BODY)).isEqualTo(SlackSignature.Result.MALFORMED);
    assertThat(now.verify(SECRET, TIMESTAMP, SIGNATURE.substring(3), BODY)).isEqualTo(SlackSignature.Result.MALFORMED);
    assertThat(now.verify(SECRET, TIMESTAMP, "v1=" + SIGNATURE.substring(3), BODY))
        .isEqualTo(SlackSignature.Result.MALFORMED);
    assertThat(now.verify(SECRET, TIMESTAMP, SIGNATURE + "00", BODY)).isEqualTo(SlackSignature.Result.MALFORMED);
  }

  @Test
  void amongSeveralAppsTheOneWhoseSecretSignedIsNamedAndNoAppsMeansNoMatch() {
    SlackSignature now = at(1531420618L);
    SlackApp other = new SlackApp("ch_other", "0000000000000000aaaaaaaaaaaaaaaa");
    SlackApp blank = new SlackApp("ch_blank", "");
    SlackApp example = new SlackApp("ch_example", SECRET);
    SlackSignature.Verdict v = now.verify(List.of(blank, other, example), TIMESTAMP, SIGNATURE, BODY);
    assertThat(v.result()).isEqualTo(SlackSignature.Result.VALID);
    assertThat(v.app()).isEqualTo(example);
    assertThat(now.verify(List.of(other, blank), TIMESTAMP, SIGNATURE, BODY).result())
        .isEqualTo(SlackSignature.Result.MISMATCH);
    assertThat(now.verify(List.of(), TIMESTAMP, SIGNATURE, BODY).result()).isEqualTo(SlackSignature.Result.MISMATCH);
  }
}
