package dev.airlock.admin.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on 127.0.0.1 that answers admin API routes with canned envelopes and records
 * every request it receives, so tests assert on what the CLI actually sent.
 */
final class RecordingApiServer implements AutoCloseable, AfterEachCallback {
  static final String META =
      "{\"request_id\":\"req_7f3a9c\",\"timestamp\":\"2026-03-01T10:15:30.123Z\"}";

  /** One request as received. */
  record Received(
      String method,
      String path,
      String rawQuery,
      String authorization,
      String contentType,
      String body) {

    Map<String, String> query() {
      Map<String, String> query = new LinkedHashMap<>();
      if (rawQuery != null) {
        for (String pair : rawQuery.split("&")) {
          String[] kv = pair.split("=", 2);
          query.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
      }
      return query;
    }

    private static String decode(String text) {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
  }

  private record Reply(int status, String contentType, String body) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();

  private RecordingApiServer(HttpServer server) {
    this.server = server;
  }

  static RecordingApiServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    RecordingApiServer recording = new RecordingApiServer(server);
    server.createContext("/", recording::handle);
    server.start();
    return recording;
  }

  /**
   * A server for one test, stopped after it: declare it as
   * {@code @RegisterExtension final RecordingApiServer server = RecordingApiServer.perTest();}.
   */
  static RecordingApiServer perTest() {
    try {
      return start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code method path} (path without query) with a JSON body. */
  RecordingApiServer reply(String method, String path, int status, String json) {
    return reply(method, path, status, "application/json", json);
  }

  RecordingApiServer reply(String method, String path, int status, String contentType, String body) {
    replies.put(method + " " + path, new Reply(status, contentType, body));
    return this;
  }

  List<Received> received() {
    return new ArrayList<>(received);
  }

  /** The single request received; fails when there were none or several. */
  Received only() {
    if (received.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + received);
    }
    return received.get(0);
  }

  static String data(String json) {
    return "{\"data\":" + json + ",\"meta\":" + META + "}";
  }

  static String list(String jsonArray, int total) {
    return "{\"data\":" + jsonArray + ",\"meta\":{\"request_id\":\"req_7f3a9c\","
        + "\"timestamp\":\"2026-03-01T10:15:30.123Z\",\"total\":" + total + "}}";
  }

  static String error(String code, String message, String field) {
    String fieldJson = field == null ? "" : ",\"field\":\"" + field + "\"";
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "\\\"")
        + "\"" + fieldJson + "},\"meta\":" + META + "}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getRawPath();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              path,
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              body));
      Reply reply =
          replies.getOrDefault(
              exchange.getRequestMethod() + " " + path,
              new Reply(404, "application/json", error("not_found", "no route " + path, null)));
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
