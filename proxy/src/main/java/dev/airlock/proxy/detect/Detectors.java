package dev.airlock.proxy.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scanner for SECRETS, PII and INTERNAL data. Built once from {@link DetectorSettings}
 * (patterns compiled, keyword automaton built); immutable and safe to share between threads.
 *
 * <p>Each text is scanned as written (or as its JSON-unescaped view when it has escapes) and, up to
 * {@code maxDecodeDepth} levels and {@code maxDecodedBytes} in total, inside base64/base64url, hex
 * and percent-encoded tokens. A finding inside a base64 or hex token is reported over the whole
 * encoded token (its chars do not line up with the decoded ones); findings in unescaped or
 * percent-decoded views map back char-exactly to the escapes that encode them.
 */
public final class Detectors {
  private final List<TextDetector> detectors;
  private final KeywordMatcher keywordMatcher;
  /** For each detector, the keyword indexes that enable it; empty means it always runs. */
  private final List<int[]> gates;
  private final int maxDecodeDepth;
  private final int maxDecodedBytes;
  /** Detector id to the hosts that issue what it finds. */
  private final Map<String, List<String>> issuers;

  public Detectors(DetectorSettings settings) {
    requireNonNull(settings, "settings");
    this.detectors = DetectorCatalog.create(settings);
    List<String> keywords = new ArrayList<>();
    List<int[]> gateList = new ArrayList<>();
    for (TextDetector detector : detectors) {
      List<String> own = detector.keywords();
      int[] gate = new int[own.size()];
      for (int k = 0; k < own.size(); k++) {
        gate[k] = keywords.size();
        keywords.add(own.get(k));
      }
      gateList.add(gate);
    }
    this.keywordMatcher = new KeywordMatcher(keywords);
    this.gates = List.copyOf(gateList);
    this.maxDecodeDepth = settings.maxDecodeDepth();
    this.maxDecodedBytes = settings.maxDecodedBytes();
    Map<String, List<String>> hosts = new HashMap<>();
    for (TextDetector detector : detectors) {
      if (!detector.issuerHosts().isEmpty()) {
        hosts.merge(detector.detectorId(), detector.issuerHosts(), Detectors::union);
      }
    }
    this.issuers = Map.copyOf(hosts);
  }

  /**
   * Whether {@code host} issues the credentials {@code detectorId} finds: it is one of the rule's
   * issuer hosts or a subdomain of one. A credential sent to its issuer is bound to that destination.
   */
  public boolean isIssuer(String detectorId, String host) {
    requireNonNull(host, "host");
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String issuer : issuerHosts(detectorId)) {
      if (name.equalsIgnoreCase(issuer) || (name.length() > issuer.length()
          && name.regionMatches(true, name.length() - issuer.length(), issuer, 0, issuer.length())
          && name.charAt(name.length() - issuer.length() - 1) == '.')) {
        return true;
      }
    }
    return false;
  }

  /** The issuer hosts of a detector's credentials; empty for detectors without a single issuer. */
  public List<String> issuerHosts(String detectorId) {
    return issuers.getOrDefault(requireNonNull(detectorId, "detectorId"), List.of());
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    b.stream().filter(h -> !all.contains(h)).forEach(all::add);
    return List.copyOf(all);
  }

  /** Findings sorted by start offset, overlaps merged; never includes the detected values. */
  public List<Finding> scan(String text) {
    requireNonNull(text, "text");
    List<Finding> raw = new ArrayList<>();
    scan(text, 0, false, new DecodeBudget(maxDecodedBytes), raw);
    return FindingMerger.merge(raw);
  }

  private void scan(String text, int depth, boolean isJsonView, DecodeBudget budget, List<Finding> out) {
    MappedText unescaped = isJsonView ? null : JsonUnescape.view(text);
    if (unescaped != null) {
      // The view holds everything the raw text does, with escapes such as "\u0040" or "\/"
      // resolved, so it replaces the raw text rather than doubling the work.
      List<Finding> inView = new ArrayList<>();
      scan(unescaped.text(), depth, true, budget, inView);
      for (Finding f : inView) {
        out.add(unescaped.toSource(f, 0));
      }
      return;
    }
    runDetectors(text, out);
    if (depth >= maxDecodeDepth) {
      return;
    }
    PercentDecoding.forEachToken(text, (start, decoded) -> {
      if (budget.take(decoded.text().length())) {
        List<Finding> inToken = new ArrayList<>();
        scan(decoded.text(), depth + 1, false, budget, inToken);
        for (Finding f : inToken) {
          out.add(decoded.toSource(f, start));
        }
      }
    });
    EncodedTokens.forEachToken(text, (start, end, decoded) -> {
      if (budget.take(decoded.length())) {
        List<Finding> inToken = new ArrayList<>();
        scan(decoded, depth + 1, false, budget, inToken);
        for (Finding f : inToken) {
          out.add(new Finding(f.dataClass(), f.detectorId(), start, end));
        }
      }
    });
  }

  private void runDetectors(String text, List<Finding> out) {
    KeywordMatcher.Hits hits = keywordMatcher.find(text);
    for (int d = 0; d < detectors.size(); d++) {
      int[] gate = gates.get(d);
      if (gate.length != 0 && !anySet(hits.keywords(), gate)) {
        continue;
      }
      TextDetector detector = detectors.get(d);
      if (hits.digits() < detector.minDigits()) {
        continue;
      }
      detector.detect(text, out);
    }
  }

  private static boolean anySet(BitSet bits, int[] indexes) {
    for (int i : indexes) {
      if (bits.get(i)) {
        return true;
      }
    }
    return false;
  }
}
