package dev.airlock.proxy.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP/1.1 origin (TLS or plain) whose answers are scripted per path down to the byte:
 * closing after an answer, dropping a request unanswered, cutting a body short, dying and coming
 * back on the same port. It records every request it read and counts its open connections.
 */
public final class ScriptedOrigin implements AutoCloseable {
  /** A request as the origin read it. */
  public record Request(String method, String path, Map<String, String> headers, byte[] body) {}

  /** Writes the answer to one request; returns false to close the connection afterwards. */
  public interface Script {
    boolean answer(Request request, OutputStream out) throws IOException;
  }

  private final SSLContext tls;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "scripted-origin");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Script> scripts = new ConcurrentHashMap<>();
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
  private final int port;
  private volatile ServerSocket listener;

  public ScriptedOrigin(SSLContext tls) throws IOException {
    this.tls = tls;
    listen(0);
    this.port = listener.getLocalPort();
  }

  public int port() {
    return port;
  }

  public void on(String path, Script s) {
    scripts.put(path, s);
  }

  public List<Request> received() {
    return received;
  }

  public long count(String method, String path) {
    return received.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
  }

  /** Connections open right now. */
  public int openConnections() {
    return open.size();
  }

  /** Connections accepted so far. */
  public int acceptedConnections() {
    return accepted.get();
  }

  /** Stops listening and closes every connection, as a crashed origin would. */
  public void die() throws IOException {
    listener.close();
    for (Socket s : open) {
      s.close();
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the serving threads drop their sockets from the set as they end
    }
  }

  /** Listens again on the same port. */
  public void revive() throws IOException {
    listen(port);
  }

  private void listen(int p) throws IOException {
    ServerSocket s = tls != null ? tls.getServerSocketFactory().createServerSocket() : new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress("127.0.0.1", p), 256);
    listener = s;
    threads.execute(() -> accept(s));
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket c = s.accept();
        accepted.incrementAndGet();
        open.add(c);
        if (s.isClosed()) {
          c.close(); // accepted while die() ran: it may have missed this one
          open.remove(c);
          return;
        }
        threads.execute(() -> serve(c));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket c) {
    try (c) {
      InputStream in = new BufferedInputStream(c.getInputStream());
      OutputStream out = c.getOutputStream();
      Request r;
      while ((r = read(in)) != null) {
        received.add(r);
        Script s = scripts.getOrDefault(r.path(), ScriptedOrigin::ok);
        boolean keep = s.answer(r, out);
        out.flush();
        if (!keep) {
          return;
        }
      }
    } catch (IOException e) {
      // the peer went away: nothing to answer
    } finally {
      open.remove(c);
    }
  }

  private static Request read(InputStream in) throws IOException {
    String head = HttpHeads.read(in);
    if (!HttpHeads.complete(head)) {
      return null;
    }
    String[] lines = head.split("\r\n");
    String[] start = lines[0].split(" ");
    Map<String, String> headers = new ConcurrentHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Request(start[0], start[1], Map.copyOf(headers), body);
  }

  /** 200 with a small JSON body, connection kept open. */
  public static boolean ok(Request r, OutputStream out) throws IOException {
    return answer(out, 200, "", "{\"ok\":true}");
  }

  /** Answers with this status and keeps the connection open. */
  public static Script status(int code) {
    return (r, out) -> answer(out, code, "", "{\"status\":" + code + "}");
  }

  /** 200 with {@code Connection: close}, then closes. */
  public static boolean closeAfterAnswer(Request r, OutputStream out) throws IOException {
    answer(out, 200, "Connection: close\r\n", "{\"ok\":true}");
    return false;
  }

  /** 200 without announcing anything, then closes: a keep-alive connection the origin drops as idle. */
  public static boolean idleClose(Request r, OutputStream out) throws IOException {
    answer(out, 200, "", "{\"ok\":true}");
    return false;
  }

  /** Reads the request and closes without any answer. */
  public static boolean drop(Request r, OutputStream out) {
    return false;
  }

  /** Drops the first request for the path unanswered; answers 200 from then on. */
  public static Script dropOnce() {
    AtomicInteger seen = new AtomicInteger();
    return (r, out) -> seen.getAndIncrement() == 0 ? drop(r, out) : ok(r, out);
  }

  /** Answers with bytes that are not HTTP and keeps the connection open. */
  public static boolean garbage(Request r, OutputStream out) throws IOException {
    out.write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return true;
  }

  /** An interim 100 Continue, then 200 with a small body, connection kept open. */
  public static boolean continueThenOk(Request r, OutputStream out) throws IOException {
    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return ok(r, out);
  }

  /** Never answers: the request is held until this origin closes. */
  public Script hang() {
    return (r, out) -> {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    };
  }

  /** Announces 1000 body bytes, sends 10, closes. */
  public static boolean cutShort(Request r, OutputStream out) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789")
        .getBytes(StandardCharsets.ISO_8859_1));
    return false;
  }

  /** A chunked body that stops after one chunk: the terminating chunk never comes. */
  public static boolean cutShortChunked(Request r, OutputStream out) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    return false;
  }

  private static boolean answer(OutputStream out, int code, String extraHeaders, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + code + " Scripted\r\nContent-Type: application/json\r\nContent-Length: " + b.length
        + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.write(b);
    return true;
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    die();
    threads.shutdownNow();
  }
}
