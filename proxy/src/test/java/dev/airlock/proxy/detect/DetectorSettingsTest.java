package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

  @Test
  void defaults() {
    DetectorSettings settings = DetectorSettings.defaults();

    assertThat(settings.maxDecodeDepth()).isEqualTo(2);
    assertThat(settings.maxDecodedBytes()).isEqualTo(256 * 1024);
    assertThat(settings.internalMarkers()).containsExactly("CONFIDENTIAL");
  }

  @Test
  void rejectsInvalidLimits() {
    assertThatThrownBy(() -> DetectorSettings.defaults().withMaxDecodeDepth(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDecodeDepth: -1 (expected: 0..8)");
    assertThatThrownBy(() -> DetectorSettings.defaults().withMaxDecodedBytes(-5))
        .hasMessage("maxDecodedBytes: -5 (expected: >= 0)");
  }

  @Test
  void rejectsBlankMarkersAndBadSuffixes() {
    assertThatThrownBy(() -> DetectorSettings.defaults().withInternalMarkers(List.of("ok", " ")))
        .hasMessage("internalMarkers[1]: \" \" (expected: not blank)");
    assertThatThrownBy(() -> DetectorSettings.defaults().withInternalHostSuffixes(List.of("corp example")))
        .hasMessageStartingWith("internalHostSuffixes[0]: \"corp example\" (expected:");
  }

  @Test
  void rejectsBadCustomPatterns() {
    assertThatThrownBy(() -> new CustomPattern("Bad Id", "x"))
        .hasMessage("id: \"Bad Id\" (expected: [a-z0-9_]{1,64})");
    assertThatThrownBy(() -> new CustomPattern("backref", "(a)\\1"))
        .hasMessageStartingWith("customPatterns[backref].pattern: ")
        .hasMessageEndingWith("(expected: RE2 syntax)");
    CustomPattern p = new CustomPattern("x", "y");
    assertThatThrownBy(() -> DetectorSettings.defaults().withCustomPatterns(List.of(p, p)))
        .hasMessage("customPatterns: duplicate id (expected: unique ids)");
  }

  @Test
  void listsAreCopied() {
    List<String> markers = new java.util.ArrayList<>(List.of("A"));
    DetectorSettings settings = DetectorSettings.defaults().withInternalMarkers(markers);
    markers.add("B");

    assertThat(settings.internalMarkers()).containsExactly("A");
  }
}
