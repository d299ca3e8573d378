package dev.airlock.admin.integrations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Posts JSON to chat apps (Slack's response URLs, Telegram's Bot API) with the JDK's HttpClient:
 * asynchronous, so neither an event loop nor a store thread waits for the chat app; TLS verified
 * against the JVM's trust store; no redirects followed. The client is built on first use.
 */
final class ChatHttp {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ObjectMapper json;
  private volatile HttpClient client;

  ChatHttp(ObjectMapper json) {
    this.json = json;
  }

  /** POSTs {@code body}; completes with the response (status and body), or exceptionally. */
  CompletableFuture<HttpResponse<String>> post(URI uri, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
    return client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder()
              .connectTimeout(TIMEOUT)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
          client = c;
        }
      }
    }
    return c;
  }
}
