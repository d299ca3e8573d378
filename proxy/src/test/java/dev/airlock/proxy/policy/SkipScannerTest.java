package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The skip-ahead search agrees with lower-casing the body and calling contains, term by term. */
class SkipScannerTest {
  /** Non-ASCII characters, including the two that lower-case into ASCII (dotted I, Kelvin sign). */
  private static final String[] SPECIAL = {
    "\u0130", "\u212a", "\u017f", "\u00c9", "\u00e9", "\u03a3", "\ud801\udc00", "\ud83d\ude00"
  };
  private static final String ALPHABET = "abikABIK -";

  @Test
  void matchesTheDefinitionOnSeededRandomInputs() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 400; round++) {
      String[] terms = new String[random.nextInt(1, 140)];
      for (int k = 0; k < terms.length; k++) {
        // a sparse selection in snapshot numbering, spanning more than one word of bits
        if (random.nextInt(4) == 0 || k == terms.length - 1) {
          terms[k] = text(random, random.nextInt(SkipScanner.MIN_LENGTH, 9), false).toLowerCase(Locale.ROOT);
        }
      }
      SkipScanner scanner = new SkipScanner(terms, new TermAutomaton(Arrays.asList(terms)));
      for (int b = 0; b < 25; b++) {
        StringBuilder body = new StringBuilder(text(random, random.nextInt(0, 600), random.nextInt(5) == 0));
        for (int p = random.nextInt(4); p > 0; p--) {
          String term = pick(random, terms);
          body.insert(random.nextInt(body.length() + 1), random.nextBoolean() ? term.toUpperCase(Locale.ROOT) : term);
        }
        assertAgrees(scanner, terms, body.toString());
      }
    }
  }

  @Test
  void findsTermsAtEveryPositionOfLongBodies() {
    String[] terms = {"kiba", null, "abik-ab", "bbbb"};
    SkipScanner scanner = new SkipScanner(terms, new TermAutomaton(Arrays.asList(terms)));
    String filler = "a".repeat(300);
    for (String term : new String[] {"KIBA", "Abik-AB", "bbbb"}) {
      for (int at = 0; at <= filler.length(); at++) {
        assertAgrees(scanner, terms, filler.substring(0, at) + term + filler.substring(at));
      }
    }
  }

  @Test
  void charactersThatLowerCaseIntoAsciiAreFoldedExactly() {
    String[] terms = {"kelvin", "istanbul", "i\u0307stanbul"};
    String[] ascii = {"kelvin", "istanbul"};
    SkipScanner scanner = new SkipScanner(ascii, new TermAutomaton(Arrays.asList(ascii)));
    for (String body : new String[] {"\u212aELVIN", "\u0130STANBUL", "\u017fkelvin", "KELVIN", "x".repeat(200) + "\u212aelvin"}) {
      assertAgrees(scanner, ascii, body);
    }
    assertThat(SkipScanner.accepts(terms[2])).isFalse();
    assertThat(SkipScanner.accepts("abc")).isFalse();
    assertThat(SkipScanner.accepts("abcd")).isTrue();
  }

  private static void assertAgrees(SkipScanner scanner, String[] terms, String body) {
    String lower = body.toLowerCase(Locale.ROOT);
    long[] found = scanner.scan(body);
    for (int k = 0; k < terms.length; k++) {
      boolean expected = terms[k] != null && lower.contains(terms[k]);
      boolean actual = (found[k >>> 6] & (1L << k)) != 0;
      assertThat(actual).as("term %s in body %s", terms[k], body).isEqualTo(expected);
    }
  }

  private static String pick(SplittableRandom random, String[] terms) {
    while (true) {
      String t = terms[random.nextInt(terms.length)];
      if (t != null) {
        return t;
      }
    }
  }

  private static String text(SplittableRandom random, int length, boolean special) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      if (special && random.nextInt(10) == 0) {
        out.append(SPECIAL[random.nextInt(SPECIAL.length)]);
      } else {
        out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return out.toString();
  }
}
