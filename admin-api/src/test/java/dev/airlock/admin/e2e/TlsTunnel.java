package dev.airlock.admin.e2e;

import dev.airlock.proxy.testing.HttpHeads;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One agent connection through CONNECT, with TLS to Airlock verified against its CA (host name
 * included), on which the test sends requests one at a time: every request goes over the same
 * tunnel, so a tunnel the proxy dropped shows as an error, not as a silent reconnect.
 */
public final class TlsTunnel implements AutoCloseable {
  /** One response; {@code complete} is false when the connection ended before the framed body did. */
  public record Response(int status, Map<String, String> headers, String body, boolean complete) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;

  public TlsTunnel(int proxyPort, String agent, String key, String host, Path airlockCa) throws Exception {
    this.host = host;
    Socket plain = new Socket("127.0.0.1", proxyPort);
    plain.setSoTimeout(30_000);
    String auth = Base64.getEncoder().encodeToString((agent + ":" + key).getBytes(StandardCharsets.UTF_8));
    plain.getOutputStream().write(("CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + ":443\r\n"
        + "Proxy-Authorization: Basic " + auth + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    String head = HttpHeads.read(plain.getInputStream());
    if (!head.startsWith("HTTP/1.1 200")) {
      plain.close();
      throw new IOException("CONNECT refused: " + head);
    }
    SSLSocket tls = (SSLSocket) TestPki.trusting(airlockCa).getSocketFactory().createSocket(plain, host, 443, true);
    SSLParameters p = tls.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(p);
    tls.startHandshake();
    socket = tls;
    in = new BufferedInputStream(tls.getInputStream());
    out = tls.getOutputStream();
  }

  public Response get(String path) throws IOException {
    return send("GET", path, null);
  }

  public Response send(String method, String path, String body) throws IOException {
    byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    out.flush();
    return read();
  }

  /** Writes {@code request} exactly as given (for malformed framing) and reads one response. */
  public Response sendRaw(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    return read();
  }

  /** Reads one response; an end of stream before the status line is an IOException. */
  private Response read() throws IOException {
    String head = HttpHeads.read(in);
    if (head.isEmpty()) {
      throw new IOException("the proxy closed the tunnel instead of answering");
    }
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    boolean complete;
    try {
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        complete = readChunked(body);
      } else {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] got = in.readNBytes(length);
        body.write(got);
        complete = got.length == length;
      }
    } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
      complete = false; // the connection ended mid-body without a clean TLS close
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8), complete);
  }

  private boolean readChunked(ByteArrayOutputStream body) throws IOException {
    while (true) {
      String size = readLine(in);
      if (size == null) {
        return false;
      }
      int n = Integer.parseInt(size.trim(), 16);
      if (n == 0) {
        return readLine(in) != null;
      }
      byte[] got = in.readNBytes(n);
      body.write(got);
      if (got.length < n || readLine(in) == null) {
        return false;
      }
    }
  }

  /** True when the proxy has closed the tunnel (reads end of stream). */
  public boolean closedByProxy() throws IOException {
    try {
      return in.read() < 0;
    } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
      return true;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        return line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
      }
      line.write(b);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
