package dev.airlock.proxy.detect;

import java.util.List;

/** One detector over a decoded text. Implementations are immutable and thread-safe. */
interface TextDetector {

  /**
   * Lower-case ASCII keywords; the detector only runs when one of them occurs in the text
   * (case-insensitively). Empty means it always runs.
   */
  List<String> keywords();

  /**
   * The fewest ASCII digits a text must hold for this detector to find anything in it; a text with
   * fewer is skipped without running the detector. 0 means no such bound.
   */
  default int minDigits() {
    return 0;
  }

  /**
   * Hosts of the issuer of the credentials this detector finds: a credential sent to one of them
   * (or a subdomain) is bound to its destination. Empty when there is no single issuer.
   */
  default List<String> issuerHosts() {
    return List.of();
  }

  /** The finding id, {@code CLASS.name}, of everything this detector reports. */
  default String detectorId() {
    return "";
  }

  /**
   * Appends findings with offsets into {@code text}. Detectors run in a fixed order, so a detector
   * may look at what earlier ones appended (the phone detector skips card and SSN spans).
   */
  void detect(String text, List<Finding> out);
}
