package dev.airlock.admin.config;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.detect.GitleaksRules;
import java.util.List;
import java.util.Map;

/**
 * Detector settings from the config file.
 *
 * @param internalMarkers words that mark a body INTERNAL (e.g. CONFIDENTIAL)
 * @param internalHostSuffixes host suffixes that count as internal host names
 * @param customPatterns id → RE2 regex of extra INTERNAL detectors
 * @param ruleFiles the SECRETS rules read from the gitleaks rule files (detectors.rule_files)
 */
public record DetectorConfig(List<String> internalMarkers, List<String> internalHostSuffixes,
    Map<String, String> customPatterns, GitleaksRules ruleFiles) {
  public DetectorConfig {
    internalMarkers = List.copyOf(internalMarkers);
    internalHostSuffixes = List.copyOf(internalHostSuffixes);
    customPatterns = Map.copyOf(customPatterns);
    requireNonNull(ruleFiles, "ruleFiles");
  }

  public static DetectorConfig defaults() {
    return new DetectorConfig(List.of("CONFIDENTIAL", "INTERNAL ONLY"), List.of(), Map.of(), GitleaksRules.none());
  }
}
