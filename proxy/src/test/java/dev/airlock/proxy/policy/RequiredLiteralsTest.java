package dev.airlock.proxy.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequiredLiteralsTest {

  /**
   * Rendered as space-separated runs, longest first; "/i" marks a case-insensitive run and
   * "{class}" the known neighbour class of a case-sensitive one.
   */
  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '`',
      value = {
        "abc                               => abc",
        "(?i)\\bwire\\s+\\$?[0-9][0-9,]{3,} => wire/i",
        "(?i)\\bssn\\s*[:=]                => ssn/i",
        "\\b[A-Z]{2,6}-[0-9]{3,6}\\b       => {[A-Z]}-{[0-9]}",
        "(?i)\\b(?:begin|end)\\s+export\\b => export/i",
        "(?i)ticket-[0-9]{4,}              => ticket-/i",
        "AKIA[0-9A-Z]{16}                  => AKIA{[0-9A-Z]}",
        "ab?c                              => a c",
        "ab*cd                             => cd a",
        "ab+cd                             => bcd ab",
        "ab{2,}cd                          => bcd ab",
        "ab{0,3}cd                         => cd a",
        "ab{0}cd                           => cd a",
        "a.c                               => a c",
        "a\\dc                             => a{\\d} {\\d}c",
        "(?i)x\\d-y                         => -y/i x/i",
        "x\\w*y                            => x y",
        "[^,]x\\sy+                         => {[^,]}x{\\s} {\\s}y y",
        "foo(bar)?baz                      => foo baz",
        "foo(bar)baz                       => foo baz",
        "foo(?:x|y)+baz                    => foo baz",
        "x[abc]y                           => x{[abc]} {[abc]}y",
        "x[]a]y                            => x{[]a]} {[]a]}y",
        "x[^]a]y                           => x{[^]a]} {[^]a]}y",
        "x[[:alpha:]]y                     => x y",
        "x[\\]]y                           => x{[\\]]} {[\\]]}y",
        "^start                            => start",
        "end$                              => end",
        "a\\.b\\$c                         => a.b$c",
        "(?i)abc(?-i)DEF                   => abcdef/i",
        "ABC(?i)def                        => abcdef/i",
        "(?i:abc)def                       => def",
        "(?s)a.b                           => a b",
        "12-34                             => 12-34",
        "a+?b                              => ab a",
        "a??b                              => b",
        "caf\u00e9s                        => caf s",
        "x[\u00e9a]y                        => x y",
        // must give up: no literal at all rather than a wrong one
        "abc|def                           => ``",
        "(abc|def)                         => ``",
        "a\\Qb|c\\Ed                       => ``",
        "(a\\Q)\\E)b                       => ``",
        "a\\x41b                           => ``",
        "a\\pLb                            => ``",
        "a\\p{Greek}b                      => ``",
        "a\\nb                             => ``",
        "a{b                               => ``",
        "a{1,2,3}b                         => ``",
        "a**                               => ``",
        "[a-z]+                            => ``",
        "\\d{3}                            => ``",
        "''                                => ``",
        ".*                                => ``",
      })
  void extracts(String pattern, String expected) {
    String p = pattern.equals("''") ? "" : pattern;
    String rendered = RequiredLiterals.of(p).stream()
        .map(l -> side(l.before()) + l.text() + side(l.after()) + (l.ignoreCase() ? "/i" : ""))
        .collect(Collectors.joining(" "));
    assertThat(rendered).isEqualTo(expected == null ? "" : expected);
  }

  private static String side(CharClass c) {
    return c == null ? "" : "{" + c.source() + "}";
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiterString = "=>",
      value = {
        "[A-Z]     => A => true",
        "[A-Z]     => a => false",
        "(?i)[A-Z] => a => true",
        "(?i)[a-k] => \u212a => true",
        "[a-k]     => \u212a => false",
        "[^,]      => , => false",
        "[^,]      => \u00e9 => true",
        "[\\d.]   => . => true",
        "[\\d.]   => 7 => true",
        "[\\d.]   => x => false",
        "[-a]      => - => true",
        "[a-]      => - => true",
        "[a-]      => b => false",
        "\\s      => '\t' => true",
        "\\W      => \u00e9 => true",
        "\\W      => _ => false",
      })
  void classes(String source, String ch, boolean expected) {
    boolean ignoreCase = source.startsWith("(?i)");
    String cls = ignoreCase ? source.substring(4) : source;
    char c = ch.equals("\\t") ? '\t' : ch.charAt(0);
    CharClass parsed =
        cls.startsWith("\\") ? CharClass.perl(cls.charAt(1), ignoreCase) : CharClass.parse(cls, ignoreCase);
    assertThat(parsed.contains(c)).isEqualTo(expected);
    assertThat(Pattern.compile(source).matcher(String.valueOf(c)).matches()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"[[:alpha:]]", "[\\p{Greek}]", "[\\x41]", "[\u00e9]", "[\\D]"})
  void unmodelledClassesAreUnknown(String source) {
    assertThat(CharClass.parse(source, false)).isNull();
  }

  static List<String> patterns() {
    return List.of(
        "(?i)\\bwire\\s+\\$?[0-9][0-9,]{3,}", "(?i)\\bssn\\s*[:=]", "\\b[A-Z]{2,6}-[0-9]{3,6}\\b",
        "(?i)\\b(?:begin|end)\\s+export\\b", "(?i)ticket-[0-9]{4,}", "ab?c", "ab+cd", "ab*cd",
        "foo(bar)?baz", "x[^]a]y", "(?i)abc(?-i)DEF", "ABC(?i)def", "(?i:abc)def", "a+?b", "a??b",
        "(?i)sk", "K.S", "(?i)ks+", "a\\dc", "x[abc]y", "[^,]x\\sy+", "[A-Z]{2}-[0-9]+\\b",
        "AKIA[0-9A-Z]{2}");
  }

  /** Whatever a pattern matches contains each extracted literal (ignoring case when marked). */
  @ParameterizedTest
  @MethodSource("patterns")
  void literalsAreInEveryMatch(String regex) {
    Pattern pattern = Pattern.compile(regex);
    List<RequiredLiterals.Literal> literals = RequiredLiterals.of(regex);
    String alphabet = "abcdefksxyzABCDEFKSXYZ -$:=0123456789,]\u017f\u212a\u00e9\t";
    String[] seeds = {
      "wire $12,345", "SSN: 1", "ABC-1234", "end export", "TICKET-12345", "abcd", "abbcd", "foobarbaz",
      "foobaz", "xby", "ABCDEF", "ABCdef", "aBcdef", "aab", "b", "\u017f\u212a", "K-S", "KSSS", "a1c", "xby", "x y", "AB-12 ",
      "AKIA7Z"
    };
    SplittableRandom random = new SplittableRandom(42);
    int matched = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        if (random.nextBoolean()) {
          text.append(seeds[random.nextInt(seeds.length)]);
        } else {
          for (int k = random.nextInt(6); k > 0; k--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
        }
      }
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        matched++;
        String found = m.group();
        for (RequiredLiterals.Literal literal : literals) {
          String haystack = literal.ignoreCase() ? fold(found) : found;
          assertThat(haystack).as("%s matched %s", regex, found).contains(literal.text());
          if (!literal.ignoreCase()) {
            assertThat(literal.occursIn(text.toString())).as("%s in %s", literal, text).isTrue();
          }
        }
      }
    }
    assertThat(matched).as("the corpus exercises %s", regex).isPositive();
  }

  /** RE2's case folding for ASCII letters: the long s and Kelvin sign fold to s and k. */
  private static String fold(String s) {
    return s.replace('\u017f', 's').replace('\u212a', 'k').toLowerCase(Locale.ROOT);
  }

  @Test
  void onlyLongSAndKelvinFoldToAsciiLettersInRe2() {
    Pattern anyAsciiLetter = Pattern.compile("(?i)[a-z]");
    StringBuilder folding = new StringBuilder();
    for (char c = 128; c < Character.MAX_VALUE; c++) {
      if (!Character.isSurrogate(c) && anyAsciiLetter.matcher(String.valueOf(c)).find()) {
        folding.append(c);
      }
    }
    assertThat(folding.toString()).isEqualTo("\u017f\u212a");
    // lower-casing covers the Kelvin sign; the long s is what BodyView checks separately
    assertThat("\u212a".toLowerCase(Locale.ROOT)).isEqualTo("k");
    assertThat("\u017f".toLowerCase(Locale.ROOT)).isEqualTo("\u017f");
  }
}
