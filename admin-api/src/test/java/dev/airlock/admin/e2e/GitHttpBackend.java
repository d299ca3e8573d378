package dev.airlock.admin.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Serves git smart HTTP from a directory of bare repositories by running git http-backend as CGI. */
final class GitHttpBackend implements HttpHandler {
  private final Path projectRoot;

  GitHttpBackend(Path projectRoot) {
    this.projectRoot = projectRoot;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend");
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", projectRoot.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("REMOTE_USER", "agent");
    env.put("REMOTE_ADDR", "127.0.0.1");
    env.put("GATEWAY_INTERFACE", "CGI/1.1");
    env.put("REQUEST_METHOD", ex.getRequestMethod());
    env.put("PATH_INFO", ex.getRequestURI().getPath());
    env.put("QUERY_STRING", ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    env.put("CONTENT_TYPE", ct == null ? "" : ct);
    env.put("CONTENT_LENGTH", Integer.toString(body.length));
    String ce = ex.getRequestHeaders().getFirst("Content-Encoding");
    if (ce != null) {
      env.put("HTTP_CONTENT_ENCODING", ce);
    }
    String gp = ex.getRequestHeaders().getFirst("Git-Protocol");
    if (gp != null) {
      env.put("GIT_PROTOCOL", gp);
    }
    Process p = pb.start();
    Thread writer = new Thread(() -> {
      try (OutputStream os = p.getOutputStream()) {
        os.write(body);
      } catch (IOException ignored) {
        // the backend stopped reading; its exit status tells the story
      }
    });
    writer.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    try {
      p.waitFor();
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int sepLen = 4;
    if (split < 0) {
      split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
      sepLen = 2;
    }
    if (split < 0) {
      byte[] msg = ("git http-backend failed: " + new String(err, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(500, msg.length);
      ex.getResponseBody().write(msg);
      ex.close();
      return;
    }
    int status = 200;
    for (String line : new String(out, 0, split, StandardCharsets.ISO_8859_1).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.substring(0, 3));
      } else {
        ex.getResponseHeaders().add(name, value);
      }
    }
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    rest.write(out, split + sepLen, out.length - split - sepLen);
    byte[] payload = rest.toByteArray();
    ex.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
    if (payload.length > 0) {
      ex.getResponseBody().write(payload);
    }
    ex.close();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
