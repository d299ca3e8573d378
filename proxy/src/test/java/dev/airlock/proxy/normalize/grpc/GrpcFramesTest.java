package dev.airlock.proxy.normalize.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcFramesTest {
  private static final long LIMIT = 1 << 20;

  private static byte[] note(String title, String body) {
    return Proto.message().string(1, title).string(2, body).toBytes();
  }

  @Test
  void plainFramesAreKeptAsTheyAreAndEveryMessageIsRead() {
    byte[] body = Proto.frames(note("one", "first body"), note("two", "second body"));

    GrpcFrames.Decoded d = GrpcFrames.decode(body, null, LIMIT);

    assertThat(d.problem()).isNull();
    assertThat(d.body()).isSameAs(body);
    assertThat(GrpcText.of(d.body())).containsExactly("one", "first body", "two", "second body");
  }

  @Test
  void anEmptyBodyHasNoMessages() {
    GrpcFrames.Decoded d = GrpcFrames.decode(new byte[0], null, LIMIT);

    assertThat(d.body()).isEmpty();
    assertThat(GrpcText.of(d.body())).isEmpty();
  }

  @Test
  void gzipMessagesAreDecompressedAndMixedWithPlainOnes() {
    byte[] body = Proto.concat(Proto.gzipFrame(note("zipped", "compressed body")),
        Proto.frames(note("plain", "plain body")));

    GrpcFrames.Decoded d = GrpcFrames.decode(body, "gzip", LIMIT);

    assertThat(d.problem()).isNull();
    assertThat(GrpcText.of(d.body())).containsExactly("zipped", "compressed body", "plain", "plain body");
    // The raw bytes do not show the compressed text: only decoding makes it visible.
    assertThat(GrpcText.of(body)).containsExactly("plain", "plain body");
  }

  @Test
  void aFrameCutShortIsUninspectable() {
    byte[] whole = Proto.frames(note("one", "first body"));
    GrpcFrames.Decoded cutBody = GrpcFrames.decode(Arrays.copyOf(whole, whole.length - 3), null, LIMIT);
    GrpcFrames.Decoded cutHeader = GrpcFrames.decode(Proto.concat(whole, new byte[] {0, 0, 0}), null, LIMIT);

    assertThat(cutBody.body()).isNull();
    assertThat(cutBody.problem()).contains("cut short");
    assertThat(cutHeader.body()).isNull();
    assertThat(cutHeader.problem()).contains("header is cut short");
  }

  @Test
  void anUnknownFlagIsUninspectable() {
    byte[] body = Proto.frames(note("a", "b"));
    body[0] = 2;

    assertThat(GrpcFrames.decode(body, null, LIMIT).problem()).contains("unknown flag 2");
  }

  @Test
  void compressedMessagesWithAnEncodingAirlockCannotUndoAreUninspectable() {
    byte[] body = Proto.gzipFrame(note("a", "b"));

    assertThat(GrpcFrames.decode(body, "snappy", LIMIT).problem()).contains("grpc-encoding snappy");
    assertThat(GrpcFrames.decode(body, null, LIMIT).problem()).contains("grpc-encoding identity");
  }

  @Test
  void corruptGzipIsUninspectable() {
    byte[] body = Proto.gzipFrame(note("a", "b"));
    body[body.length - 6] ^= 0x55;

    assertThat(GrpcFrames.decode(body, "gzip", LIMIT).body()).isNull();
  }

  @Test
  void decompressionPastTheInspectionLimitIsUninspectable() {
    byte[] big = Proto.message().string(1, "x".repeat(100_000)).toBytes();
    byte[] body = Proto.gzipFrame(big);
    assertThat(body.length).isLessThan(2_000);

    assertThat(GrpcFrames.decode(body, "gzip", 50_000).body()).isNull();
    assertThat(GrpcFrames.decode(body, "gzip", 200_000).body()).isNotNull();
  }

  @Test
  void textOfEveryMessageIsCollectedInOrder() {
    byte[] body = Proto.frames(note("t1", "b1"), new byte[0], note("t2", "b2"));

    List<String> texts = GrpcText.of(body);

    assertThat(texts).containsExactly("t1", "b1", "t2", "b2");
  }
}
