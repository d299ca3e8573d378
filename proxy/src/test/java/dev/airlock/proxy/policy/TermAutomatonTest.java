package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.text.TermTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The automaton agrees with lower-casing the body and calling contains, term by term. */
class TermAutomatonTest {
  /**
   * Characters where lower-casing is not a plain per-character table lookup, or maps outside
   * ASCII into it: capital sigma (final form depends on context), dotted capital I (two
   * characters), Kelvin sign (to k), long s (stays), a Deseret capital (a surrogate pair),
   * an emoji, lone surrogates, and letters that only differ in case outside ASCII.
   */
  private static final String[] SPECIAL = {
    "\u03a3", "\u03c3", "\u03c2", "\u0130", "i\u0307", "\u212a", "\u017f", "\ud801\udc00",
    "\ud801\udc28", "\ud83d\ude00", "\ud801", "\udc00", "\u00c9", "\u00e9", "\u00df", "\u1e9e"
  };
  private static final String ASCII = "abcdeikpsyzABCDEIKPSYZ -_.,:;0123456789\"{}";

  @Test
  void matchesTheDefinitionOnRandomInputs() {
    SplittableRandom random = new SplittableRandom(20_24);
    for (int round = 0; round < 300; round++) {
      List<String> terms = new ArrayList<>();
      for (int t = random.nextInt(1, 12); t > 0; t--) {
        terms.add(text(random, random.nextInt(0, 5)).toLowerCase(Locale.ROOT));
      }
      TermAutomaton automaton = new TermAutomaton(terms);
      for (int b = 0; b < 40; b++) {
        String body = text(random, random.nextInt(0, 60));
        // terms that do occur, planted with random case
        if (random.nextBoolean() && !terms.isEmpty()) {
          String planted = terms.get(random.nextInt(terms.size()));
          body = body + (random.nextBoolean() ? planted.toUpperCase(Locale.ROOT) : planted) + body;
        }
        assertAgrees(automaton, terms, body);
      }
    }
  }

  /** Long ASCII bodies take the four-lane path; terms are planted across the quarter boundaries. */
  @Test
  void longAsciiBodiesMatchTheDefinition() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      List<String> terms = new ArrayList<>();
      for (int t = random.nextInt(1, 10); t > 0; t--) {
        terms.add(ascii(random, random.nextInt(1, 9)).toLowerCase(Locale.ROOT));
      }
      TermAutomaton automaton = new TermAutomaton(terms);
      for (int b = 0; b < 30; b++) {
        StringBuilder body = new StringBuilder(ascii(random, random.nextInt(TermTable.LANES_FROM, 400)));
        for (int p = random.nextInt(3); p > 0; p--) {
          String term = terms.get(random.nextInt(terms.size()));
          int quarter = body.length() / 4 * random.nextInt(1, 4);
          int at = Math.max(0, Math.min(body.length(), quarter - random.nextInt(term.length() + 1)));
          body.insert(at, random.nextBoolean() ? term.toUpperCase(Locale.ROOT) : term);
        }
        if (random.nextInt(10) == 0) {
          body.insert(random.nextInt(body.length()), SPECIAL[random.nextInt(SPECIAL.length)]);
        }
        assertAgrees(automaton, terms, body.toString());
      }
    }
  }

  private static String ascii(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append("abcdeABCDE xy".charAt(random.nextInt(13)));
    }
    return out.toString();
  }

  @Test
  void contextDependentAndMultiCharacterLowerCases() {
    List<String> terms = List.of(
        "\u03c3\u03bf\u03c3", "\u03c3\u03bf\u03c2", "i\u0307", "k", "s", "\ud801\udc28", "caf\u00e9",
        "stra\u00dfe", "", "\u00df");
    for (String body : List.of(
        "\u03a3\u039f\u03a3", "\u039f\u03a3 x", "\u0130STANBUL", "\u212aELVIN", "\u017f", "\ud801\udc00",
        "CAF\u00c9", "STRA\u1e9eE", "", "plain ascii", "\ud801", "x\ud801\udc00\ud801")) {
      assertAgrees(new TermAutomaton(terms), terms, body);
    }
  }

  @Test
  void manyTermsSharingPrefixesAndSuffixes() {
    List<String> terms = List.of("he", "she", "his", "hers", "hershey", "s", "ersh", "y");
    TermAutomaton automaton = new TermAutomaton(terms);
    for (String body : List.of("USHERS", "hershey", "HisHersShe", "xyz", "sh", "h e")) {
      assertAgrees(automaton, terms, body);
    }
  }

  private static void assertAgrees(TermAutomaton automaton, List<String> terms, String body) {
    String lower = body.toLowerCase(Locale.ROOT);
    long[] found = automaton.scan(body);
    for (int k = 0; k < terms.size(); k++) {
      boolean expected = lower.contains(terms.get(k));
      boolean actual = (found[k >>> 6] & (1L << k)) != 0;
      assertThat(actual).as("term %s in body %s", escape(terms.get(k)), escape(body)).isEqualTo(expected);
    }
  }

  private static String text(SplittableRandom random, int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      if (random.nextInt(8) == 0) {
        out.append(SPECIAL[random.nextInt(SPECIAL.length)]);
      } else {
        out.append(ASCII.charAt(random.nextInt(ASCII.length())));
      }
    }
    return out.toString();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04x", c)));
    return out.toString();
  }
}
