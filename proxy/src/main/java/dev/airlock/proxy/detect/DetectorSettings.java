package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link Detectors} looks for beyond the built-in rules, and how hard it tries to see through
 * encodings.
 *
 * @param internalMarkers words or phrases that mark INTERNAL text, matched case-insensitively as
 *     whole words, e.g. "CONFIDENTIAL"
 * @param internalHostSuffixes host name suffixes of internal systems, e.g. ".corp.example.com"; a
 *     leading dot requires at least one label before it, without one the bare domain matches too
 * @param customPatterns operator-defined INTERNAL detectors
 * @param gitleaksRules operator-defined SECRETS rules from gitleaks rule files
 * @param maxDecodeDepth how many nested base64/hex/percent decodings are followed (0 = none)
 * @param maxDecodedBytes total decoded characters examined per scan, across all levels
 */
public record DetectorSettings(
    List<String> internalMarkers,
    List<String> internalHostSuffixes,
    List<CustomPattern> customPatterns,
    List<GitleaksRule> gitleaksRules,
    int maxDecodeDepth,
    int maxDecodedBytes) {

  public static final int DEFAULT_MAX_DECODE_DEPTH = 2;
  public static final int DEFAULT_MAX_DECODED_BYTES = 256 * 1024;
  /** Deeper nesting only multiplies work; nobody legitimately encodes a value nine times. */
  public static final int MAX_DECODE_DEPTH_LIMIT = 8;

  private static final java.util.regex.Pattern HOST_SUFFIX =
      java.util.regex.Pattern.compile("\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");

  public DetectorSettings {
    internalMarkers = List.copyOf(requireNonNull(internalMarkers, "internalMarkers"));
    internalHostSuffixes = List.copyOf(requireNonNull(internalHostSuffixes, "internalHostSuffixes"));
    customPatterns = List.copyOf(requireNonNull(customPatterns, "customPatterns"));
    gitleaksRules = List.copyOf(requireNonNull(gitleaksRules, "gitleaksRules"));
    for (int i = 0; i < internalMarkers.size(); i++) {
      if (internalMarkers.get(i).isBlank()) {
        throw new IllegalArgumentException(
            "internalMarkers[" + i + "]: \"" + internalMarkers.get(i) + "\" (expected: not blank)");
      }
    }
    for (int i = 0; i < internalHostSuffixes.size(); i++) {
      String suffix = internalHostSuffixes.get(i);
      if (!HOST_SUFFIX.matcher(suffix).matches() || suffix.equals(".")) {
        throw new IllegalArgumentException(
            "internalHostSuffixes[" + i + "]: \"" + suffix + "\" (expected: a DNS suffix such as .corp.example.com)");
      }
    }
    if (customPatterns.stream().map(CustomPattern::id).distinct().count() != customPatterns.size()) {
      throw new IllegalArgumentException("customPatterns: duplicate id (expected: unique ids)");
    }
    checkGitleaksIds(gitleaksRules);
    if (maxDecodeDepth < 0 || maxDecodeDepth > MAX_DECODE_DEPTH_LIMIT) {
      throw new IllegalArgumentException(
          "maxDecodeDepth: " + maxDecodeDepth + " (expected: 0.." + MAX_DECODE_DEPTH_LIMIT + ")");
    }
    if (maxDecodedBytes < 0) {
      throw new IllegalArgumentException("maxDecodedBytes: " + maxDecodedBytes + " (expected: >= 0)");
    }
  }

  private static void checkGitleaksIds(List<GitleaksRule> rules) {
    if (rules.isEmpty()) {
      return;
    }
    java.util.Set<String> seen = new java.util.HashSet<>(DetectorCatalog.builtInIds());
    for (GitleaksRule rule : rules) {
      if (!seen.add(rule.detectorId())) {
        throw new IllegalArgumentException("gitleaksRules: \"" + rule.id()
            + "\" (expected: an id used by no other rule and no built-in detector)");
      }
    }
  }

  /** The "CONFIDENTIAL" marker, the reserved ".internal" suffix, no operator rules, default limits. */
  public static DetectorSettings defaults() {
    return new DetectorSettings(List.of("CONFIDENTIAL"), List.of(".internal"), List.of(), List.of(),
        DEFAULT_MAX_DECODE_DEPTH, DEFAULT_MAX_DECODED_BYTES);
  }

  public DetectorSettings withInternalMarkers(List<String> markers) {
    return new DetectorSettings(markers, internalHostSuffixes, customPatterns, gitleaksRules, maxDecodeDepth,
        maxDecodedBytes);
  }

  public DetectorSettings withInternalHostSuffixes(List<String> suffixes) {
    return new DetectorSettings(internalMarkers, suffixes, customPatterns, gitleaksRules, maxDecodeDepth,
        maxDecodedBytes);
  }

  public DetectorSettings withCustomPatterns(List<CustomPattern> patterns) {
    return new DetectorSettings(internalMarkers, internalHostSuffixes, patterns, gitleaksRules, maxDecodeDepth,
        maxDecodedBytes);
  }

  public DetectorSettings withGitleaksRules(List<GitleaksRule> rules) {
    return new DetectorSettings(internalMarkers, internalHostSuffixes, customPatterns, rules, maxDecodeDepth,
        maxDecodedBytes);
  }

  public DetectorSettings withMaxDecodeDepth(int depth) {
    return new DetectorSettings(internalMarkers, internalHostSuffixes, customPatterns, gitleaksRules, depth,
        maxDecodedBytes);
  }

  public DetectorSettings withMaxDecodedBytes(int bytes) {
    return new DetectorSettings(internalMarkers, internalHostSuffixes, customPatterns, gitleaksRules, maxDecodeDepth,
        bytes);
  }
}
