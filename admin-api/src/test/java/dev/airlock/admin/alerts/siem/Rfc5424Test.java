package dev.airlock.admin.alerts.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc5424Test {
  @Test
  void messageHasEveryHeaderField() {
    Rfc5424 syslog = new Rfc5424(SyslogFacility.LOCAL0, "node-1", "4242");

    String message = syslog.message("CRITICAL", Instant.parse("2026-03-01T12:34:56.789123Z"), "DENY", "CEF:0|x");

    assertThat(message).isEqualTo("<130>1 2026-03-01T12:34:56.789Z node-1 airlock 4242 DENY - CEF:0|x");
  }

  @ParameterizedTest
  @CsvSource({"LOCAL0,LOW,133", "LOCAL0,MEDIUM,132", "LOCAL0,HIGH,131", "AUTHPRIV,CRITICAL,82", "KERN,LOW,5",
      "LOCAL7,HIGH,187"})
  void priIsFacilityTimesEightPlusSeverity(SyslogFacility facility, String severity, int pri) {
    String message = new Rfc5424(facility, "h", "1").message(severity, Instant.EPOCH, "X", "m");
    assertThat(message).startsWith("<" + pri + ">1 1970-01-01T00:00:00.000Z ");
  }

  @Test
  void headerFieldsArePrintableAsciiCutToTheirLengths() {
    Rfc5424 syslog = new Rfc5424(SyslogFacility.LOCAL0, "bad host é", "");
    String message = syslog.message("LOW", Instant.EPOCH, "M".repeat(40), "x");
    assertThat(message).isEqualTo("<133>1 1970-01-01T00:00:00.000Z bad_host__ airlock - " + "M".repeat(32) + " - x");
  }

  @Test
  void facilityNamesParseAndBadOnesAreNamed() {
    assertThat(SyslogFacility.parse("authpriv").code()).isEqualTo(10);
    assertThat(SyslogFacility.parse("Local7").code()).isEqualTo(23);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SyslogFacility.parse("local9"))
        .hasMessageContaining("facility: local9").hasMessageContaining("local0");
  }

  @Test
  void octetCountingCountsUtf8Bytes() {
    byte[] framed = SyslogFraming.OCTET.frame("héllo 😀");
    assertThat(new String(framed, StandardCharsets.UTF_8)).isEqualTo("11 héllo 😀");
  }

  @Test
  void lfFramingEndsEachMessageWithOneLineFeed() {
    assertThat(new String(SyslogFraming.LF.frame("abc"), StandardCharsets.UTF_8)).isEqualTo("abc\n");
  }

  @Test
  void udpCutKeepsWholeCharactersAndWholeEscapes() {
    assertThat(SyslogSender.truncateUtf8("abc", 480)).hasSize(3);
    String accents = "a" + "é".repeat(300);
    byte[] cut = SyslogSender.truncateUtf8(accents, 480);
    assertThat(cut).hasSize(479);
    assertThat(new String(cut, StandardCharsets.UTF_8)).isEqualTo("a" + "é".repeat(239));
    String escapes = "x".repeat(479) + "\\=" + "tail";
    assertThat(new String(SyslogSender.truncateUtf8(escapes, 480), StandardCharsets.UTF_8))
        .isEqualTo("x".repeat(479));
    String pair = "x".repeat(478) + "\\\\" + "tail";
    assertThat(new String(SyslogSender.truncateUtf8(pair, 480), StandardCharsets.UTF_8))
        .isEqualTo("x".repeat(478) + "\\\\");
  }
}
