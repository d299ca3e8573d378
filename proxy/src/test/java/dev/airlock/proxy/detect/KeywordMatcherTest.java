package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeywordMatcherTest {

  @Test
  void findsOverlappingAndNestedKeywordsIgnoringCase() {
    KeywordMatcher matcher = new KeywordMatcher(List.of("he", "she", "his", "hers", "xoxb-", "@"));

    assertThat(matcher.find("uSHErs").stream().toArray()).containsExactly(0, 1, 3);
    assertThat(matcher.find("token XOXB-1 to a@b").stream().toArray()).containsExactly(4, 5);
    assertThat(matcher.find("nothing here é").stream().toArray()).containsExactly(0);
    assertThat(matcher.find("").isEmpty()).isTrue();
  }

  @Test
  void rejectsKeywordsItCannotMatch() {
    assertThatThrownBy(() -> new KeywordMatcher(List.of("Upper")))
        .hasMessage("keywords[0]: \"Upper\" (expected: lower-case ASCII)");
  }
}
