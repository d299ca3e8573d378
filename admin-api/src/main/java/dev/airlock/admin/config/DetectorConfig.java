package dev.airlock.admin.config;

import java.util.List;
import java.util.Map;

/**
 * Detector settings from the config file.
 *
 * @param internalMarkers words that mark a body INTERNAL (e.g. CONFIDENTIAL)
 * @param internalHostSuffixes host suffixes that count as internal host names
 * @param customPatterns id → RE2 regex of extra INTERNAL detectors
 */
public record DetectorConfig(List<String> internalMarkers, List<String> internalHostSuffixes,
    Map<String, String> customPatterns) {
  public DetectorConfig {
    internalMarkers = List.copyOf(internalMarkers);
    internalHostSuffixes = List.copyOf(internalHostSuffixes);
    customPatterns = Map.copyOf(customPatterns);
  }

  public static DetectorConfig defaults() {
    return new DetectorConfig(List.of("CONFIDENTIAL", "INTERNAL ONLY"), List.of(), Map.of());
  }
}
