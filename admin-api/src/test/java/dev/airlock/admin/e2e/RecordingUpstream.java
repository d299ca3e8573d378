package dev.airlock.admin.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP(S) origin standing in for a real API: records every request it receives (so tests
 * can assert on what actually left Airlock) and answers 200 JSON unless a path has its own handler.
 */
public final class RecordingUpstream implements AutoCloseable {
  public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body, int remotePort) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** Delayed answers of every upstream in this JVM; its thread never keeps the JVM alive. */
  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "upstream-delayed-answers");
    t.setDaemon(true);
    return t;
  });

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  public RecordingUpstream(SSLContext tls) throws IOException {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    if (tls != null) {
      HttpsServer s = HttpsServer.create(any, 64);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = s;
    } else {
      server = HttpServer.create(any, 64);
    }
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Received> received() {
    return received;
  }

  public void on(String path, HttpHandler h) {
    handlers.put(path, h);
  }

  /**
   * A handler that answers 200 with a small JSON body {@code millis} after the request: an upstream
   * with that much latency, which is what timeout tests measure against. The answer is scheduled,
   * so no server thread waits meanwhile (the exchange stays open until it is written).
   */
  static HttpHandler answeringAfter(long millis) {
    return ex -> {
      if (millis <= 0) {
        answerOk(ex);
        return;
      }
      LATER.schedule(() -> {
        try {
          answerOk(ex);
        } catch (IOException e) {
          ex.close(); // the proxy went away meanwhile: nothing left to answer
        }
      }, millis, TimeUnit.MILLISECONDS);
    };
  }

  private static void answerOk(HttpExchange ex) throws IOException {
    byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  /** A handler that never answers: the request is held until this upstream closes. */
  public HttpHandler neverAnswering() {
    return ex -> {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** Handles every path without its own handler (instead of the 200 JSON answer). */
  void onAnyPath(HttpHandler h) {
    handlers.put("*", h);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes(); // read everything before answering, like a well-behaved API
    }
    received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().toString(),
        Map.copyOf(ex.getRequestHeaders()), body, ex.getRemoteAddress().getPort()));
    HttpHandler h = handlers.getOrDefault(ex.getRequestURI().getPath(), handlers.get("*"));
    if (h != null) {
      h.handle(new ReplayedBody(ex, body));
      return;
    }
    byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    pool.shutdownNow();
  }
}
