package dev.airlock.proxy.policy;

/**
 * What one decision has learned about the request body so far: the terms found by the single
 * lazy scan (for the terms its candidate rules can ask about), and the outcome of each regex
 * already run. Created per decision, never shared.
 */
final class BodyView {
  private static final byte UNKNOWN = 0;
  private static final byte NO_MATCH = 1;
  private static final byte MATCH = 2;
  /**
   * The only non-ASCII character that RE2 case folding equates with an ASCII letter (s) while
   * lower-casing does not; Kelvin sign K already lower-cases to k.
   */
  private static final char LONG_S = '\u017F';

  private final BodyIndex index;
  private final TermScanner terms;
  private final String body;
  private long[] found;
  private byte[] regexResults;

  /** @param terms scans for every term the decision's candidate rules can ask about */
  BodyView(BodyIndex index, TermScanner terms, String body) {
    this.index = index;
    this.terms = terms;
    this.body = body;
  }

  /** Whether the lower-cased body contains term {@code id}. */
  boolean has(int id) {
    if (found == null) {
      found = terms.scan(body);
    }
    return (found[id >>> 6] & (1L << id)) != 0;
  }

  /** Whether regex {@code id} finds a match anywhere in the body. */
  boolean finds(int id) {
    if (regexResults == null) {
      regexResults = new byte[index.regexCount()];
    }
    byte known = regexResults[id];
    if (known == UNKNOWN) {
      BodyIndex.Regex regex = index.regex(id);
      known = mayMatch(regex) && regex.pattern().matcher(body).find() ? MATCH : NO_MATCH;
      regexResults[id] = known;
    }
    return known == MATCH;
  }

  /** False only when a literal every match needs is missing, so the regex cannot match. */
  private boolean mayMatch(BodyIndex.Regex regex) {
    for (RequiredLiterals.Literal exact : regex.exact()) {
      if (!exact.occursIn(body)) {
        return false;
      }
    }
    int[] termIds = regex.termIds();
    for (int termId : termIds) {
      if (!has(termId)) {
        // For a Latin-1 body this lookup returns at once without scanning.
        return body.indexOf(LONG_S) >= 0;
      }
    }
    return true;
  }
}
