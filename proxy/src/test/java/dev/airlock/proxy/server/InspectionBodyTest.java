package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InspectionBodyTest {
  private static final String TEXT = "{\"text\":\"hello bob@example.org\"}";

  private static String decode(byte[] encoded, String encoding, long limit) {
    ByteBuf buf = Unpooled.wrappedBuffer(encoded);
    try {
      byte[] out = InspectionBody.decode(buf, encoding, limit);
      assertThat(buf.readerIndex()).as("the forwarded buffer is not consumed").isZero();
      return out == null ? null : new String(out, StandardCharsets.UTF_8);
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest
  @CsvSource({
      // brotli and deflate vectors produced by Node's zlib from TEXT
      "br, iw+AeyJ0ZXh0IjoiaGVsbG8gYm9iQGV4YW1wbGUub3JnIn0D",
      "deflate, eJyrVipJrShRslLKSM3JyVdIyk9ySK1IzC3ISdXLL0pXqgUAuw4LiQ=="
  })
  void decodesCompressedBodies(String encoding, String base64) {
    assertThat(decode(Base64.getDecoder().decode(base64), encoding, 1024)).isEqualTo(TEXT);
  }

  @Test
  void decodesGzipAndIdentity() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(TEXT.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(decode(gz.toByteArray(), "GZIP", 1024)).isEqualTo(TEXT);
    assertThat(decode(TEXT.getBytes(StandardCharsets.UTF_8), null, 1024)).isEqualTo(TEXT);
    assertThat(decode(TEXT.getBytes(StandardCharsets.UTF_8), "identity", 1024)).isEqualTo(TEXT);
  }

  @Test
  void bombsUnknownAndCorruptEncodingsAreNotInspectable() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(new byte[1_000_000]); // compresses to about 1 KB
    }
    assertThat(decode(gz.toByteArray(), "gzip", 64 * 1024)).isNull();
    assertThat(decode(new byte[] {1, 2, 3}, "zstd", 1024)).isNull();
    assertThat(decode(new byte[] {1, 2, 3}, "gzip", 1024)).isNull();
  }

  @Test
  void readsAListOfCodingsLastAppliedFirst() throws Exception {
    byte[] once = gzip(TEXT.getBytes(StandardCharsets.UTF_8));
    byte[] twice = gzip(once);
    assertThat(decode(once, "identity, gzip", 1024)).isEqualTo(TEXT);
    assertThat(decode(once, " , GZIP ,identity", 1024)).isEqualTo(TEXT);
    assertThat(decode(twice, "gzip, gzip", 1024)).isEqualTo(TEXT);
  }

  @Test
  void joinsEveryContentEncodingLine() {
    io.netty.handler.codec.http.HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders()
        .add("Content-Encoding", "identity").add("Content-Encoding", "gzip, br");
    assertThat(InspectionBody.codings(headers)).isEqualTo("identity, gzip, br");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"gzip, gzip, gzip", "zstd", "gzip, compress", "deflate"})
  void refusesWhatItCannotDecodeFully(String codings) throws Exception {
    byte[] thrice = gzip(gzip(gzip(TEXT.getBytes(StandardCharsets.UTF_8))));
    assertThat(decode(thrice, codings, 1 << 20)).isNull();
  }

  @Test
  void refusesATruncatedBody() throws Exception {
    byte[] gz = gzip(TEXT.getBytes(StandardCharsets.UTF_8));
    assertThat(decode(java.util.Arrays.copyOf(gz, gz.length - 6), "gzip", 1024)).isNull();
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(data);
    }
    return gz.toByteArray();
  }
}
