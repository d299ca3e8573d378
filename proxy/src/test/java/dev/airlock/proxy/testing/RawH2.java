package dev.airlock.proxy.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 client made of hand-written frames, through a proxy's CONNECT and TLS with ALPN h2
 * (certificate checked): it sends what a well-behaved client library refuses to send. Header
 * blocks are HPACK literals without indexing and without Huffman coding; answers are decoded with
 * Netty's HPACK decoder.
 */
public final class RawH2 implements AutoCloseable {
  public static final int DATA = 0;
  public static final int HEADERS = 1;
  public static final int RST_STREAM = 3;
  public static final int SETTINGS = 4;
  public static final int GOAWAY = 7;
  public static final int WINDOW_UPDATE = 8;
  public static final int CONTINUATION = 9;
  public static final int END_STREAM = 1;
  public static final int END_HEADERS = 4;

  /** A frame read from the server. */
  public record Frame(int type, int flags, int stream, byte[] payload) {}

  /**
   * What became of a stream: its status and body, a reset, or the connection's end;
   * {@code headOnly} when the stream ended with its first HEADERS frame (a "trailers-only" answer).
   */
  public record Outcome(String kind, long code, Http2Headers headers, String body, Http2Headers trailers,
      boolean headOnly) {
    Outcome(String kind, long code, Http2Headers headers, String body, Http2Headers trailers) {
      this(kind, code, headers, body, trailers, false);
    }

    @Override
    public String toString() {
      return kind + " " + code + (headers == null ? "" : " " + headers) + (body == null ? "" : " " + body);
    }
  }

  private final Socket raw;
  private final SSLSocket tls;
  private final DataInputStream in;
  private final OutputStream out;
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

  /** Over TLS to host:443 through the proxy (ALPN h2, the proxy's certificate checked against {@code trust}). */
  public RawH2(int proxyPort, String host, String proxyAuthorization, SSLContext trust) throws IOException {
    raw = connect(proxyPort, host, 443, proxyAuthorization);
    tls = (SSLSocket) trust.getSocketFactory().createSocket(raw, host, 443, true);
    SSLParameters p = tls.getSSLParameters();
    p.setApplicationProtocols(new String[] {"h2"});
    p.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(p);
    tls.startHandshake();
    if (!"h2".equals(tls.getApplicationProtocol())) {
      throw new IOException("ALPN picked " + tls.getApplicationProtocol() + ", not h2");
    }
    in = new DataInputStream(tls.getInputStream());
    out = tls.getOutputStream();
    start();
  }

  /** h2c with prior knowledge in a plain tunnel to host:port through the proxy. */
  public RawH2(int proxyPort, String host, int port, String proxyAuthorization) throws IOException {
    raw = connect(proxyPort, host, port, proxyAuthorization);
    tls = null;
    in = new DataInputStream(raw.getInputStream());
    out = raw.getOutputStream();
    start();
  }

  private static Socket connect(int proxyPort, String host, int port, String proxyAuthorization) throws IOException {
    Socket s = new Socket("127.0.0.1", proxyPort);
    s.setSoTimeout(10_000);
    OutputStream ro = s.getOutputStream();
    ro.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nProxy-Authorization: " + proxyAuthorization + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    ro.flush();
    String head = HttpHeads.read(s.getInputStream());
    if (!head.startsWith("HTTP/1.1 200")) {
      s.close();
      throw new IOException("CONNECT refused: " + head);
    }
    return s;
  }

  private void start() throws IOException {
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  public void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] h = new byte[9];
    h[0] = (byte) (payload.length >>> 16);
    h[1] = (byte) (payload.length >>> 8);
    h[2] = (byte) payload.length;
    h[3] = (byte) type;
    h[4] = (byte) flags;
    h[5] = (byte) (stream >>> 24 & 0x7f);
    h[6] = (byte) (stream >>> 16);
    h[7] = (byte) (stream >>> 8);
    h[8] = (byte) stream;
    out.write(h);
    out.write(payload);
    out.flush();
  }

  /** A header block of literal fields (name, value, name, value…) as given: order and case untouched. */
  public static byte[] block(String... namesAndValues) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.write(0); // literal header field without indexing, new name
      string(b, namesAndValues[i]);
      string(b, namesAndValues[i + 1]);
    }
    return b.toByteArray();
  }

  private static void string(ByteArrayOutputStream b, String s) {
    byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
    int n = v.length;
    if (n < 127) {
      b.write(n);
    } else {
      b.write(127);
      n -= 127;
      while (n >= 128) {
        b.write(n % 128 + 128);
        n /= 128;
      }
      b.write(n);
    }
    b.write(v, 0, v.length);
  }

  /** The usual request pseudo-headers for {@code host}, followed by {@code extra}. */
  public static String[] request(String method, String host, String path, String... extra) {
    String[] base = {":method", method, ":scheme", "https", ":authority", host, ":path", path};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  public void headers(int stream, boolean endStream, String... namesAndValues) throws IOException {
    frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, block(namesAndValues));
  }

  public void data(int stream, boolean endStream, String body) throws IOException {
    frame(DATA, endStream ? END_STREAM : 0, stream, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Grants the server {@code increment} more bytes on {@code stream} (0: the connection). */
  public void windowUpdate(int stream, int increment) throws IOException {
    frame(WINDOW_UPDATE, 0, stream, new byte[] {(byte) (increment >>> 24), (byte) (increment >>> 16),
        (byte) (increment >>> 8), (byte) increment});
  }

  /** Reads until {@code stream} has received {@code bytes} bytes of DATA in all; returns false if it ended first. */
  public boolean readData(int stream, long bytes) throws IOException {
    long got = 0;
    Frame f;
    while (got < bytes && (f = read()) != null) {
      if (f.type() == HEADERS) {
        decode(f);
      } else if (f.type() == DATA && f.stream() == stream) {
        got += f.payload().length;
      }
      if (f.stream() == stream && (f.flags() & END_STREAM) != 0 || f.type() == RST_STREAM || f.type() == GOAWAY) {
        return got >= bytes;
      }
    }
    return got >= bytes;
  }

  /** The next frame, acknowledging the server's SETTINGS on the way; null when the connection ended. */
  public Frame read() throws IOException {
    while (true) {
      byte[] h = new byte[9];
      try {
        in.readFully(h);
      } catch (EOFException | SocketTimeoutException | javax.net.ssl.SSLException e) {
        return null;
      } catch (IOException e) {
        return null; // reset by the peer
      }
      int len = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | (h[2] & 0xff);
      int stream = (h[5] & 0x7f) << 24 | (h[6] & 0xff) << 16 | (h[7] & 0xff) << 8 | (h[8] & 0xff);
      byte[] payload = new byte[len];
      in.readFully(payload);
      Frame f = new Frame(h[3], h[4], stream, payload);
      if (f.type() == SETTINGS && (f.flags() & 1) == 0) {
        try {
          frame(SETTINGS, 1, 0, new byte[0]);
        } catch (IOException closing) {
          // the server is ending the connection: what it sent before still counts
        }
        continue;
      }
      return f;
    }
  }

  /**
   * Reads until {@code stream} ends (END_STREAM), is reset, or the connection goes away; header
   * blocks of other streams are decoded too, to keep HPACK state.
   */
  public Outcome outcome(int stream) throws IOException {
    Http2Headers head = null;
    Http2Headers trailers = null;
    boolean headOnly = false;
    StringBuilder body = new StringBuilder();
    Frame f;
    while ((f = read()) != null) {
      if (f.type() == GOAWAY) {
        return new Outcome("GOAWAY", u32(f.payload(), 4), head, null, null);
      }
      if (f.stream() != stream) {
        if (f.type() == HEADERS) {
          decode(f);
        }
        continue;
      }
      if (f.type() == RST_STREAM) {
        return new Outcome("RST_STREAM", u32(f.payload(), 0), head, null, null);
      }
      if (f.type() == HEADERS) {
        Http2Headers h = decode(f);
        if (head == null || (head.status() != null && head.status().charAt(0) == '1')) {
          head = h;
          headOnly = (f.flags() & END_STREAM) != 0;
        } else {
          trailers = h;
        }
      } else if (f.type() == DATA) {
        body.append(new String(f.payload(), StandardCharsets.UTF_8));
      }
      if ((f.type() == HEADERS || f.type() == DATA) && (f.flags() & END_STREAM) != 0) {
        return new Outcome("STATUS", Long.parseLong(head.status().toString()), head, body.toString(), trailers,
            headOnly);
      }
    }
    return new Outcome("EOF", 0, head, null, null);
  }

  private Http2Headers decode(Frame f) throws IOException {
    ByteBuf b = Unpooled.wrappedBuffer(f.payload());
    try {
      return decoder.decodeHeaders(f.stream(), b);
    } catch (Http2Exception e) {
      throw new IOException("cannot decode a header block: " + e.getMessage(), e);
    } finally {
      b.release();
    }
  }

  private static long u32(byte[] p, int at) {
    return (p[at] & 0xffL) << 24 | (p[at + 1] & 0xffL) << 16 | (p[at + 2] & 0xffL) << 8 | (p[at + 3] & 0xffL);
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}
