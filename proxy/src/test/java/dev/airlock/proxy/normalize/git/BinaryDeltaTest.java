package dev.airlock.proxy.normalize.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BinaryDeltaTest {
  private static final byte[] BASE = "hello, world".getBytes(StandardCharsets.US_ASCII);

  @Test
  void copiesAndInserts() {
    // base size 12, result size 10; copy offset 0 size 7 ("hello, "), insert "git".
    byte[] delta = {12, 10, (byte) 0x90, 7, 3, 'g', 'i', 't'};

    assertThat(BinaryDelta.apply(BASE, delta, 100))
        .hasValueSatisfying(r -> assertThat(new String(r, StandardCharsets.US_ASCII))
            .isEqualTo("hello, git"));
  }

  @Test
  void rejectsMalformedDeltas() {
    assertThat(BinaryDelta.apply(BASE, new byte[] {11, 5, 5, 'a', 'b', 'c', 'd', 'e'}, 100))
        .as("wrong base size").isEmpty();
    assertThat(BinaryDelta.apply(BASE, new byte[] {12, 5, (byte) 0x91, 10, 5}, 100))
        .as("copy past the base").isEmpty();
    assertThat(BinaryDelta.apply(BASE, new byte[] {12, 5, 0}, 100)).as("reserved opcode").isEmpty();
    assertThat(BinaryDelta.apply(BASE, new byte[] {12, 4, 5, 'a', 'b', 'c', 'd', 'e'}, 100))
        .as("longer than declared").isEmpty();
    assertThat(BinaryDelta.apply(BASE, new byte[] {12, 5, 5, 'a', 'b', 'c', 'd', 'e'}, 4))
        .as("over the limit").isEmpty();
  }

  @Test
  void resultSizeIsReadFromTheHeader() {
    assertThat(BinaryDelta.resultSize(new byte[] {12, 10, (byte) 0x90, 7})).isEqualTo(10);
    assertThat(BinaryDelta.resultSize(new byte[] {(byte) 0x80, (byte) 0x80, 1, (byte) 0x80, (byte) 0x80, 1}))
        .isEqualTo(1 << 14);
    assertThat(BinaryDelta.resultSize(new byte[] {12})).isEqualTo(-1);
  }

  @Test
  void insertedBytesAreReadWithoutTheBase() {
    // copy 7, insert "git", copy 2 from offset 5, insert "!" then insert "?"
    byte[] delta = {12, 14, (byte) 0x90, 7, 3, 'g', 'i', 't', (byte) 0x91, 5, 2, 1, '!', 1, '?'};

    assertThat(BinaryDelta.inserted(delta)).hasValueSatisfying(b ->
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("git\n!?"));
  }

  @Test
  void insertedBytesOfAMalformedDeltaAreNotRead() {
    assertThat(BinaryDelta.inserted(new byte[] {12, 5, 9, 'a', 'b'})).as("insert past the end").isEmpty();
    assertThat(BinaryDelta.inserted(new byte[] {12, 5, (byte) 0x91, 1})).as("copy operands past the end").isEmpty();
    assertThat(BinaryDelta.inserted(new byte[] {12, 5, 0})).as("reserved opcode").isEmpty();
    assertThat(BinaryDelta.inserted(new byte[] {(byte) 0x80})).as("no header").isEmpty();
  }
}
