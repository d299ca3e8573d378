package dev.airlock.admin.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCopyFormatTest {
  @Test
  void escapesCopyTextSpecialCharacters() {
    assertThat(TraceCopyFormat.text(new StringBuilder(), "a\tb\nc\\d\re").toString()).isEqualTo("a\\tb\\nc\\\\d\\re");
    assertThat(TraceCopyFormat.text(new StringBuilder(), null).toString()).isEqualTo("\\N");
  }

  @Test
  void quotesArrayElements() {
    assertThat(TraceCopyFormat.array(List.of())).isEqualTo("{}");
    assertThat(TraceCopyFormat.array(List.of("A", "b,c", "q\"x", "s\\t"))).isEqualTo("{\"A\",\"b,c\",\"q\\\"x\",\"s\\\\t\"}");
  }
}
