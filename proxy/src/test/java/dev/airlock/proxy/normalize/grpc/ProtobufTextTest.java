package dev.airlock.proxy.normalize.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtobufTextTest {

  private static List<String> texts(byte[] message) {
    List<String> out = new ArrayList<>();
    ProtobufText.collect(message, 0, message.length, out);
    return out;
  }

  @Test
  void stringsOfAFlatMessageInFieldOrderWithNumbersSkipped() {
    byte[] m = Proto.message().string(1, "Quarterly plan").varintField(2, 150).fixed64(3, -1L).fixed32(4, 7)
        .string(5, "body with ünïcödé and a tab\t").varintField(6, -42L).toBytes();

    assertThat(texts(m)).containsExactly("Quarterly plan", "body with ünïcödé and a tab\t");
  }

  @Test
  void nestedMessagesAreReadRecursively() {
    Proto author = Proto.message().string(1, "alice@acme.com").varintField(2, 3);
    Proto note = Proto.message().string(1, "title").message(2, author)
        .message(3, Proto.message().message(1, Proto.message().string(7, "deep text")));

    assertThat(texts(note.toBytes())).contains("title", "alice@acme.com", "deep text")
        .doesNotContain("");
  }

  @Test
  void packedNumbersAreNotText() {
    byte[] m = Proto.message().packed(4, 1, 2, 3, 300, 70000).string(5, "tag").toBytes();

    assertThat(texts(m)).containsExactly("tag");
  }

  @Test
  void invalidUtf8AndBinaryBytesAreSkipped() {
    byte[] m = Proto.message().bytes(1, new byte[] {(byte) 0xc3, (byte) 0x28, 'a', 'b'})
        .bytes(2, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}).string(3, "kept").toBytes();

    assertThat(texts(m)).containsExactly("kept");
  }

  @Test
  void groupsAreWalkedThrough() {
    byte[] m = Proto.message().group(2, Proto.message().string(1, "inside a group")).string(3, "after").toBytes();

    assertThat(texts(m)).containsExactly("inside a group", "after");
  }

  @Test
  void aTruncatedMessageYieldsTheTextBeforeTheCut() {
    byte[] whole = Proto.message().string(1, "first").string(2, "second field cut short").toBytes();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);

    assertThat(texts(cut)).containsExactly("first");
  }

  @Test
  void aMessageThatIsNotProtobufButTextIsTakenWhole() {
    byte[] json = "{\"title\":\"x\",\"body\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(texts(json)).contains("{\"title\":\"x\",\"body\":\"hello\"}");
  }

  @Test
  void embeddedMessagesAreReadDownToTheDepthLimitOnly() {
    Proto m = Proto.message().string(1, "level-0 \u00e9");
    for (int i = 1; i <= 5; i++) {
      m = Proto.message().varintField(2, i).message(1, m);
    }
    byte[] bytes = m.toBytes();

    List<String> shallow = new ArrayList<>();
    ProtobufText.collect(bytes, 0, bytes.length, 3, shallow);
    List<String> deep = new ArrayList<>();
    ProtobufText.collect(bytes, 0, bytes.length, 5, deep);

    assertThat(shallow).doesNotContain("level-0 \u00e9");
    assertThat(deep).contains("level-0 \u00e9");
  }

  @Test
  void aHugeNestingDepthEndsAtTheDefaultLimitWithoutFailing() {
    Proto m = Proto.message().string(1, "bottom \u00e9");
    for (int i = 0; i < 200; i++) {
      m = Proto.message().varintField(2, 1).message(1, m);
    }
    byte[] bytes = m.toBytes();

    assertThat(texts(bytes)).doesNotContain("bottom \u00e9");
  }

  @Test
  void wellFormedMessagesParseAndBrokenOnesDoNot() {
    byte[] good = Proto.message().string(1, "a").varintField(2, 5).toBytes();
    assertThat(ProtobufText.parses(good, 0, good.length)).isTrue();
    assertThat(ProtobufText.parses(good, 0, good.length - 1)).isFalse();
    byte[] fieldZero = {0x02, 0x01, 'a'};
    assertThat(ProtobufText.parses(fieldZero, 0, fieldZero.length)).isFalse();
    byte[] wireType7 = {0x0f, 0x01};
    assertThat(ProtobufText.parses(wireType7, 0, wireType7.length)).isFalse();
    byte[] unbalancedGroup = {0x13, 0x08, 0x01};
    assertThat(ProtobufText.parses(unbalancedGroup, 0, unbalancedGroup.length)).isFalse();
  }
}
