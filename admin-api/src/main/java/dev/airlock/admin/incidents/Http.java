package dev.airlock.admin.incidents;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One blocking HTTP exchange with a tracker, its failures as IOExceptions naming the tracker. */
final class Http {
  private Http() {}

  static HttpResponse<String> send(HttpClient http, HttpRequest req, String tracker) throws IOException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(tracker + " request interrupted", e);
    } catch (IOException e) {
      throw new IOException(tracker + " is unreachable: " + e.getClass().getSimpleName(), e);
    }
  }
}
