package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InternalDetectorsTest {
  private final Detectors detectors = new Detectors(new DetectorSettings(
      List.of("CONFIDENTIAL", "Internal Only", "[restricted]"),
      List.of(".corp.example.com", "intra.example.net"),
      List.of(new CustomPattern("project_codename", "\\bPROJECT-(?:ORION|VEGA)\\b"),
          new CustomPattern("ticket", "ticket #(OPS-[0-9]+)")),
      List.of(),
      DetectorSettings.DEFAULT_MAX_DECODE_DEPTH,
      DetectorSettings.DEFAULT_MAX_DECODED_BYTES));

  @Test
  void markersAreCaseInsensitiveWholeWords() {
    String text = "confidential: see INTERNAL ONLY notes [Restricted]; confidentiality is fine";

    assertThat(spans(text)).containsExactly(
        "INTERNAL.marker=confidential", "INTERNAL.marker=INTERNAL ONLY", "INTERNAL.marker=[Restricted]");
  }

  @Test
  void hostsUnderAConfiguredSuffix() {
    String text = "clone https://git.corp.example.com/team/repo and mail ci@build.intra.example.net,"
        + " also intra.example.net. but not corp.example.com nor git.corp.example.com.evil.org";

    assertThat(spans(text)).containsExactly(
        "INTERNAL.host=git.corp.example.com",
        "PII.email=ci@build.intra.example.net",
        "INTERNAL.host=build.intra.example.net",
        "INTERNAL.host=intra.example.net");
  }

  @Test
  void customPatternsReportTheirIdAndGroupOne() {
    String text = "PROJECT-ORION ships with ticket #OPS-1234";

    assertThat(spans(text)).containsExactly(
        "INTERNAL.project_codename=PROJECT-ORION", "INTERNAL.ticket=OPS-1234");
  }

  @Test
  void markerInsidePercentEncodedText() {
    String text = "q=strictly%20Confidential%20draft";

    assertThat(spans(text)).containsExactly("INTERNAL.marker=Confidential");
  }

  private List<String> spans(String text) {
    return detectors.scan(text).stream()
        .map(f -> f.detectorId() + "=" + text.substring(f.start(), f.end()))
        .toList();
  }
}
