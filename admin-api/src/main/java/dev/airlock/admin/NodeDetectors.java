package dev.airlock.admin;

import dev.airlock.admin.config.DetectorConfig;
import dev.airlock.proxy.detect.CustomPattern;
import dev.airlock.proxy.detect.DetectorSettings;
import java.util.List;

/** Maps the config file's detector section onto the detectors' settings. */
final class NodeDetectors {
  private NodeDetectors() {}

  static DetectorSettings settings(DetectorConfig c) {
    List<CustomPattern> custom = c.customPatterns().entrySet().stream()
        .map(e -> new CustomPattern(e.getKey(), e.getValue())).toList();
    return DetectorSettings.defaults()
        .withInternalMarkers(c.internalMarkers())
        .withInternalHostSuffixes(c.internalHostSuffixes())
        .withCustomPatterns(custom)
        .withGitleaksRules(c.ruleFiles().rules());
  }
}
