package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Pkt-line and side-band framing of the report-status that rejects a denied push. */
class GitReportStatusTest {
  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void plainReportRejectsEveryRef() {
    byte[] out = GitReportStatus.encode(List.of("refs/heads/main", "refs/tags/v1"), "airlock: NO trace t", false);
    assertThat(text(out)).isEqualTo("000eunpack ok\n"
        + "002bng refs/heads/main airlock: NO trace t\n"
        + "0028ng refs/tags/v1 airlock: NO trace t\n"
        + "0000");
  }

  @Test
  void sideBandWrapsTheReportInBandOneAfterAMessageOnBandTwo() {
    byte[] out = GitReportStatus.encode(List.of("refs/heads/main"), "airlock: NO", false);
    byte[] sb = GitReportStatus.encode(List.of("refs/heads/main"), "airlock: NO", true);
    String s = text(sb);
    // band 2: "airlock: NO\n" (12 bytes) + band byte + 4 = 17 = 0x11
    assertThat(s).startsWith("0011\u0002airlock: NO\n");
    String rest = s.substring(17);
    assertThat(rest).isEqualTo(String.format("%04x", out.length + 5) + "\u0001" + text(out) + "0000");
  }

  @Test
  void newlinesInTheReasonCannotBreakThePktLines() {
    String s = text(GitReportStatus.encode(List.of("refs/heads/main"), "a\nb\r\0c", false));
    assertThat(s).contains("ng refs/heads/main a b  c\n").doesNotContain("b\r");
  }

  @Test
  void aReportLargerThanOneSideBandPacketIsSplitIntoFullPackets() {
    List<String> refs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      refs.add("refs/heads/branch-" + i);
    }
    String reason = "x".repeat(900);
    byte[] out = GitReportStatus.encode(refs, reason, true);
    int pos = 0;
    int dataPackets = 0;
    StringBuilder band1 = new StringBuilder();
    while (true) {
      int len = Integer.parseInt(text(out).substring(pos, pos + 4), 16);
      if (len == 0) {
        break;
      }
      assertThat(len).isLessThanOrEqualTo(65520);
      if (out[pos + 4] == 1) {
        dataPackets++;
        band1.append(text(out).substring(pos + 5, pos + len));
      }
      pos += len;
    }
    assertThat(pos + 4).isEqualTo(out.length);
    assertThat(dataPackets).isGreaterThan(1);
    assertThat(band1.toString()).isEqualTo(text(GitReportStatus.encode(refs, reason, false)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "report-status side-band-64k quiet agent=git/2.39 | true",
      "report-status-v2 side-band-64k | true",
      "report-status side-band | false",
      "report-status | false",
      "side-band-64k | true",
  })
  void sideBandIsReadFromTheFirstCommandsCapabilities(String caps, boolean expected) {
    String line = "0".repeat(40) + " " + "1".repeat(40) + " refs/heads/main\0" + caps + "\n";
    String body = String.format("%04x", line.length() + 4) + line + "0000PACK";
    assertThat(GitReportStatus.wantsSideBand(body.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(expected);
  }

  @Test
  void noCapabilitiesOrGarbageMeansNoSideBand() {
    assertThat(GitReportStatus.wantsSideBand(new byte[0])).isFalse();
    assertThat(GitReportStatus.wantsSideBand("zzzz".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(GitReportStatus.wantsSideBand("00ffshort".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(GitReportStatus.wantsSideBand("0000".getBytes(StandardCharsets.US_ASCII))).isFalse();
  }
}
