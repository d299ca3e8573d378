package dev.airlock.admin.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real local HTTP receiver that records every request it gets and answers from a script (one
 * answer per request, then 200 once the script is used up). Stands in for Slack, Discord, Teams,
 * Telegram or a SIEM intake.
 */
public final class Receiver implements AutoCloseable {
  /** A request as received. */
  public record Received(String method, String path, Map<String, List<String>> headers, byte[] body, long nanoTime) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** One scripted answer. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public static Answer status(int status) {
      return new Answer(status, Map.of(), "");
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

  private Receiver(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
      Answer a = script.poll();
      if (a == null) {
        a = new Answer(200, Map.of(), "ok");
      }
      a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.start();
  }

  public static Receiver start() {
    return new Receiver(0);
  }

  /** A receiver on a given port (to bring one back where a stopped one was). */
  public static Receiver on(int port) {
    return new Receiver(port);
  }

  public Receiver answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
