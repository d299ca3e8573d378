package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.text.TermTable;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {

  @Test
  void findsOverlappingAndNestedKeywordsIgnoringCase() {
    KeywordMatcher matcher = new KeywordMatcher(List.of("he", "she", "his", "hers", "xoxb-", "@"));

    assertThat(matcher.find("uSHErs").keywords().stream().toArray()).containsExactly(0, 1, 3);
    assertThat(matcher.find("token XOXB-1 to a@b").keywords().stream().toArray()).containsExactly(4, 5);
    assertThat(matcher.find("nothing here é").keywords().stream().toArray()).containsExactly(0);
    assertThat(matcher.find("").keywords().isEmpty()).isTrue();
  }

  @Test
  void countsTheAsciiDigitsInTheSamePass() {
    KeywordMatcher matcher = new KeywordMatcher(List.of("key"));
    assertThat(matcher.find("").digits()).isZero();
    assertThat(matcher.find("a1b22c333 / 0-9").digits()).isEqualTo(8);
    assertThat(matcher.find("é 42 ٣").digits()).as("other scripts' digits are not ASCII").isEqualTo(2);
  }

  @Test
  void rejectsKeywordsItCannotMatch() {
    assertThatThrownBy(() -> new KeywordMatcher(List.of("Upper")))
        .hasMessage("keywords[0]: \"Upper\" (expected: lower-case ASCII)");
  }

  @Test
  void longTextsAreSearchedInLanesWithoutMissingKeywordsAcrossTheirBorders() {
    List<String> keywords = List.of("@", "key", "xoxb-", "private key", "sk-ant-admin01-", "akia");
    KeywordMatcher matcher = new KeywordMatcher(keywords);
    SplittableRandom random = new SplittableRandom(42);
    for (int run = 0; run < 2_000; run++) {
      // Half the texts are ASCII (read in lanes), half hold a non-ASCII char (read in one walk).
      String alphabet = run % 2 == 0 ? "abcdefghijklmnopqrstuvwxyzABCXYZ -_@0189/:" : "abcdefghijklmnopqrstuvwxyzABCXYZ -_@0189/:é";
      int length = TermTable.LANES_FROM + random.nextInt(600);
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      // Plant keywords across the quarter borders, where one lane hands over to the next.
      for (int plant = random.nextInt(3); plant > 0; plant--) {
        String keyword = keywords.get(random.nextInt(keywords.size())).toUpperCase();
        int border = (length >>> 2) * (1 + random.nextInt(3));
        int at = Math.max(0, Math.min(length - keyword.length(), border - random.nextInt(keyword.length() + 1)));
        text.replace(at, at + keyword.length(), keyword);
      }
      String s = text.toString();
      KeywordMatcher.Hits hits = matcher.find(s);
      assertThat(hits.keywords()).as("text %s", s).isEqualTo(naive(keywords, s));
      assertThat(hits.digits()).as("digits in %s", s).isEqualTo((int) s.chars().filter(c -> c >= '0' && c <= '9').count());
    }
  }

  /** Keywords found by plain search in the text folded to lower case (ASCII letters only). */
  private static BitSet naive(List<String> keywords, String text) {
    StringBuilder folded = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    BitSet found = new BitSet();
    for (int k = 0; k < keywords.size(); k++) {
      if (folded.indexOf(keywords.get(k)) >= 0) {
        found.set(k);
      }
    }
    return found;
  }
}
