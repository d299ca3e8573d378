package dev.airlock.admin.reliability;

import dev.airlock.proxy.testing.HttpHeads;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One persistent HTTP/1.1 connection to the proxy sending absolute-form {@code http://} requests,
 * read byte by byte, so a test sees exactly which headers each answer carries and when the proxy
 * closes the connection.
 */
final class KeepAliveConnection implements AutoCloseable {
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final String authorization;

  KeepAliveConnection(int proxyPort, String agent, String key) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", proxyPort), 5000);
    socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
    in = socket.getInputStream();
    authorization = "Basic " + Base64.getEncoder().encodeToString((agent + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  void send(String url) throws IOException {
    String host = url.replaceFirst("^http://", "").replaceFirst("/.*$", "");
    String head = "GET " + url + " HTTP/1.1\r\nHost: " + host + "\r\nProxy-Authorization: " + authorization
        + "\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Reads one response with a Content-Length body. */
  Response read() throws IOException {
    String[] lines = readHead().split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Response(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  /** Whether the proxy closes this connection (end of stream) within {@code timeout}, sending nothing more. */
  boolean closedWithin(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      int b = in.read();
      if (b >= 0) {
        throw new AssertionError("unexpected byte from the proxy: " + b);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private String readHead() throws IOException {
    String head = HttpHeads.read(in);
    if (!HttpHeads.complete(head)) {
      throw new IOException("connection closed after " + head.length() + " bytes of a response head");
    }
    return head.trim();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
