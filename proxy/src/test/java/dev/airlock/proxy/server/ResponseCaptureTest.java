package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.exfil.ResponseBody;
import dev.airlock.proxy.exfil.ResponseOrigin;
import dev.airlock.proxy.exfil.ResponseScanner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What of a relayed response reaches the scanner, and in which pieces; buffers are left as found. */
class ResponseCaptureTest {
  private static final ResponseOrigin ORIGIN = new ResponseOrigin("default", "bot", "github", "api.github.com");

  /** Each hand-over: the texts it carried (decoded at once, as a scanner thread would). */
  private final List<List<String>> scans = new ArrayList<>();
  private final ResponseScanner scanner = (origin, body) -> scans.add(texts(origin, body));

  private static List<String> texts(ResponseOrigin origin, ResponseBody body) {
    assertThat(origin).isEqualTo(ORIGIN);
    return body.texts();
  }

  private static HttpHeaders headers(String contentType, String encoding) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (contentType != null) {
      h.set("content-type", contentType);
    }
    if (encoding != null) {
      h.set("content-encoding", encoding);
    }
    return h;
  }

  /** Feeds {@code parts} as the chunks of one response and checks each buffer is untouched and still owned. */
  private void relay(ResponseCapture capture, byte[]... parts) {
    for (byte[] p : parts) {
      ByteBuf buf = Unpooled.wrappedBuffer(p);
      capture.add(buf);
      assertThat(buf.readerIndex()).isZero();
      assertThat(buf.refCnt()).isEqualTo(1);
      buf.release();
    }
    capture.end();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static byte[][] split(byte[] data, int size) {
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < data.length; i += size) {
      parts.add(Arrays.copyOfRange(data, i, Math.min(data.length, i + size)));
    }
    return parts.toArray(new byte[0][]);
  }

  @Test
  void aPlainBodyInChunksIsScannedWholeOnceItEnds() {
    ResponseCapture c = ResponseCapture.of(scanner, ORIGIN, 1024, headers("application/json", null));
    String body = "{\"login\":\"jane\",\"email\":\"jane.doe@example.org\"}";
    byte[][] parts = split(utf8(body), 7);
    for (int i = 0; i < parts.length; i++) {
      c.add(Unpooled.wrappedBuffer(parts[i]));
      assertThat(scans).as("nothing handed over before the end").isEmpty();
    }
    c.end();
    assertThat(scans).containsExactly(List.of(body));
  }

  @Test
  void onlySmallPlainBodiesAreMarkedForScanningWhereTheyWereCaptured() throws Exception {
    List<Boolean> small = new ArrayList<>();
    ResponseScanner marks = (origin, body) -> small.add(body.small());
    int limit = 1 << 20;
    relay(ResponseCapture.of(marks, ORIGIN, limit, headers("application/json", null)), utf8("{\"a\":1}"));
    relay(ResponseCapture.of(marks, ORIGIN, limit, headers("application/json", null)),
        utf8("x".repeat(ResponseBody.SMALL_CHARS + 1)));
    // Decoding could inflate a few bytes into the whole inspection limit: never on the relay's thread.
    relay(ResponseCapture.of(marks, ORIGIN, limit, headers("application/json", "gzip")), gzip(utf8("{\"a\":1}")));
    relay(ResponseCapture.of(marks, ORIGIN, limit, headers("text/event-stream", null)), utf8("data: {\"a\":1}\n\n"));
    assertThat(small).containsExactly(true, false, false, true);
  }

  @Test
  void aGzipBodyIsDecodedForTheScanner() throws Exception {
    String body = "{\"email\":\"jane.doe@example.org\"}";
    relay(ResponseCapture.of(scanner, ORIGIN, 1024, headers("application/json", "gzip")), split(gzip(utf8(body)), 5));
    assertThat(scans).containsExactly(List.of(body));
  }

  @Test
  void onlyTheFirstPartOfABodyOverTheLimitIsScanned() {
    String body = "a".repeat(100) + "jane.doe@example.org" + "b".repeat(100);
    relay(ResponseCapture.of(scanner, ORIGIN, 64, headers("text/plain", null)), split(utf8(body), 30));
    assertThat(scans).containsExactly(List.of("a".repeat(64)));
  }

  @Test
  void aGzipBodyOverTheLimitYieldsItsFirstDecodedPart() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append("line ").append(i).append('\n');
    }
    byte[] compressed = gzip(utf8(sb.toString()));
    relay(ResponseCapture.of(scanner, ORIGIN, 4096, headers("text/plain", "gzip")), split(compressed, 512));
    assertThat(scans).hasSize(1);
    assertThat(scans.get(0).get(0)).hasSize(4096).startsWith("line 0\nline 1\n");
  }

  @Test
  void eventsSplitAcrossChunksAreHandedOverAsEachCompletes() {
    ResponseCapture c = ResponseCapture.of(scanner, ORIGIN, 1024, headers("text/event-stream; charset=utf-8", null));
    c.add(Unpooled.wrappedBuffer(utf8("event: message\r\ndata: {\"a\":\"jane.")));
    assertThat(scans).isEmpty();
    c.add(Unpooled.wrappedBuffer(utf8("doe@example.org\"}\r")));
    c.add(Unpooled.wrappedBuffer(utf8("\n\r\n: keep-alive\n\ndata: one\ndata: tw")));
    assertThat(scans).containsExactly(List.of("{\"a\":\"jane.doe@example.org\"}"));
    c.add(Unpooled.wrappedBuffer(utf8("o\n\n")));
    assertThat(scans).containsExactly(List.of("{\"a\":\"jane.doe@example.org\"}"), List.of("one\ntwo"));
    c.end();
    assertThat(scans).hasSize(2);
  }

  @Test
  void aMultiByteCharacterSplitBetweenChunksSurvives() {
    byte[] event = utf8("data: caf\u00e9 \u2713\n\n");
    ResponseCapture c = ResponseCapture.of(scanner, ORIGIN, 1024, headers("text/event-stream", null));
    relay(c, Arrays.copyOfRange(event, 0, 10), Arrays.copyOfRange(event, 10, event.length));
    assertThat(scans).containsExactly(List.of("caf\u00e9 \u2713"));
  }

  @Test
  void anEventStreamStopsAtTheLimit() {
    ResponseCapture c = ResponseCapture.of(scanner, ORIGIN, 20, headers("text/event-stream", null));
    relay(c, utf8("data: first\n\n"), utf8("data: second\n\n"), utf8("data: third\n\n"));
    // 20 bytes: the first event whole, then "data: s" cut at the limit and handed over at the end.
    assertThat(scans).containsExactly(List.of("first"), List.of("s"));
  }

  @Test
  void aGzipEventStreamIsReadEventByEventWhenItEnds() throws Exception {
    byte[] stream = gzip(utf8("data: {\"x\":1}\n\ndata: jane.doe@example.org\n\n"));
    relay(ResponseCapture.of(scanner, ORIGIN, 1024, headers("text/event-stream", "gzip")), split(stream, 9));
    assertThat(scans).containsExactly(List.of("{\"x\":1}", "jane.doe@example.org"));
  }

  /** A scanner with room for {@code room} captured bytes, tracking what is held. */
  private final class Budgeted implements ResponseScanner {
    long held;
    final long room;

    Budgeted(long room) {
      this.room = room;
    }

    @Override
    public void scan(ResponseOrigin origin, ResponseBody body) {
      scans.add(body.texts());
      release(body.reservedBytes());
    }

    @Override
    public boolean reserve(int bytes) {
      if (held + bytes > room) {
        return false;
      }
      held += bytes;
      return true;
    }

    @Override
    public void release(int bytes) {
      held -= bytes;
    }
  }

  @Test
  void whenTheNodeHoldsTooManyCapturedBytesACaptureKeepsWhatItHas() {
    Budgeted budget = new Budgeted(10);
    relay(ResponseCapture.of(budget, ORIGIN, 1024, headers("text/plain", null)),
        utf8("12345678"), utf8("abcdefgh"), utf8("ABCDEFGH"));
    assertThat(scans).containsExactly(List.of("12345678"));
    assertThat(budget.held).isZero();
  }

  @Test
  void anAbandonedCaptureGivesBackItsRoom() {
    Budgeted budget = new Budgeted(100);
    ResponseCapture c = ResponseCapture.of(budget, ORIGIN, 1024, headers("text/plain", null));
    c.add(Unpooled.wrappedBuffer(utf8("partial body")));
    assertThat(budget.held).isEqualTo(12);
    c.abandon();
    assertThat(budget.held).isZero();
    assertThat(scans).isEmpty();
  }

  @Test
  void imagesAreNotCaptured() {
    assertThat(ResponseCapture.of(scanner, ORIGIN, 1024, headers("image/png", null))).isNull();
  }
}
