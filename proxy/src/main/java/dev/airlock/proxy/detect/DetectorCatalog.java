package dev.airlock.proxy.detect;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Assembles the detectors for one settings snapshot, in the order they must run. */
final class DetectorCatalog {
  private DetectorCatalog() {}

  static List<TextDetector> create(DetectorSettings settings) {
    List<TextDetector> all = new ArrayList<>(SecretRules.create());
    all.add(new EmailDetector());
    // Card, IBAN and SSN before phone: the phone detector skips their spans.
    all.add(new CardDetector());
    all.add(new IbanDetector());
    all.add(new SsnDetector());
    all.add(new PhoneDetector());
    if (!settings.internalMarkers().isEmpty()) {
      all.add(new MarkerDetector(settings.internalMarkers()));
    }
    if (!settings.internalHostSuffixes().isEmpty()) {
      all.add(new InternalHostDetector(settings.internalHostSuffixes()));
    }
    for (GitleaksRule rule : settings.gitleaksRules()) {
      all.add(new GitleaksDetector(rule));
    }
    for (CustomPattern custom : settings.customPatterns()) {
      Pattern pattern = custom.compiled();
      all.add(new RegexRule(DataClass.INTERNAL, custom.id(), List.of(), List.of(), Integer.MAX_VALUE, pattern,
          pattern.groupCount() > 0 ? 1 : 0, c -> false, value -> true, List.of()));
    }
    return List.copyOf(all);
  }

  /**
   * The ids of the built-in detectors, which operator rules may not take: two detectors under one
   * id would merge their findings and make traces ambiguous.
   */
  static Set<String> builtInIds() {
    Set<String> ids = new HashSet<>();
    for (TextDetector detector : create(DetectorSettings.defaults())) {
      ids.add(detector.detectorId());
    }
    return Set.copyOf(ids);
  }
}
