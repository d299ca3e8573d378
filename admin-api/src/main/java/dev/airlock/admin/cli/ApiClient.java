package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Talks to the admin REST API: bearer token on every call, JSON (or YAML) bodies, and the
 * response envelope unwrapped — {@code data} on success, a {@link CliException} naming the error
 * code on failure.
 */
final class ApiClient {
  static final String JSON = "application/json";
  static final String YAML = "application/yaml";

  private static final String API_PREFIX = "/api/v1/";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** The most of an error answer read: envelopes are small, anything larger is not one. */
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private final URI baseUrl;
  private final String token;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * @param baseUrl where the admin API listens, e.g. {@code http://127.0.0.1:3180}
   * @param token the admin token sent as {@code Authorization: Bearer}
   */
  ApiClient(URI baseUrl, String token) {
    this.baseUrl = requireNonNull(baseUrl, "baseUrl");
    this.token = requireNonNull(token, "token");
    // No proxy: the admin API is local, and agents' HTTPS_PROXY must not capture operator calls.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Joins path segments, percent-encoding each one (slugs, ids and names are user input). */
  static String path(String... segments) {
    return Arrays.stream(segments).map(ApiClient::encode).collect(Collectors.joining("/"));
  }

  ApiResponse get(String path, Map<String, String> query) {
    return send(request(path, query).GET());
  }

  /**
   * Every item of a list, page after page (following {@code meta.next_cursor}), for lists that
   * are short enough to show whole, such as policies.
   */
  JsonNode getAll(String path, Map<String, String> query) {
    com.fasterxml.jackson.databind.node.ArrayNode all = mapper.createArrayNode();
    Map<String, String> page = new java.util.HashMap<>(query);
    while (true) {
      ApiResponse response = get(path, page);
      response.data().forEach(all::add);
      java.util.Optional<String> next = response.nextCursor();
      if (next.isEmpty() || response.data().isEmpty()) {
        return all;
      }
      page.put("cursor", next.get());
    }
  }

  /** Reads a streamed response body as it arrives. */
  @FunctionalInterface
  interface BodyReader {
    void read(InputStream body) throws IOException;
  }

  /**
   * GETs {@code path} and hands the body of a successful answer to {@code reader} as it arrives,
   * never holding it whole (exports of millions of rows). The request timeout covers the wait for
   * the headers only. An error answer fails as {@link #get} does; a body cut off midway (the
   * server gave up, the connection broke) fails with a {@link CliException}.
   *
   * @param accept the media type asked for
   */
  void download(String path, Map<String, String> query, String accept, BodyReader reader) {
    HttpRequest request = request(path, query).setHeader("Accept", accept).build();
    HttpResponse<InputStream> response = exchange(request, BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status < 200 || status >= 300) {
        throw failure(request, status, parse(body.readNBytes(MAX_ERROR_BYTES)));
      }
      reader.read(body);
    } catch (IOException e) {
      throw new CliException("reading the answer of the admin API at " + baseUrl + " failed midway: " + describe(e));
    }
  }

  /** POSTs {@code body} serialized as JSON. */
  ApiResponse post(String path, Map<String, String> query, JsonNode body) {
    try {
      return post(path, query, mapper.writeValueAsBytes(body), JSON);
    } catch (JsonProcessingException e) {
      throw new CliException("cannot encode the request body: " + e.getOriginalMessage());
    }
  }

  /** POSTs {@code body} as-is with the given content type (JSON or YAML documents). */
  ApiResponse post(String path, Map<String, String> query, byte[] body, String contentType) {
    return send(
        request(path, query)
            .header("Content-Type", contentType)
            .POST(BodyPublishers.ofByteArray(body)));
  }

  /** PATCHes {@code body} serialized as JSON: the fields it names change, the others stay. */
  ApiResponse patch(String path, JsonNode body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new CliException("cannot encode the request body: " + e.getOriginalMessage());
    }
    return send(
        request(path, Map.of())
            .header("Content-Type", JSON)
            .method("PATCH", BodyPublishers.ofByteArray(bytes)));
  }

  ApiResponse delete(String path) {
    return send(request(path, Map.of()).DELETE());
  }

  private HttpRequest.Builder request(String path, Map<String, String> query) {
    return HttpRequest.newBuilder(uri(path, query))
        .timeout(REQUEST_TIMEOUT)
        .setHeader("Accept", JSON)
        .header("Authorization", "Bearer " + token);
  }

  private URI uri(String path, Map<String, String> query) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    String queryString =
        query.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    return URI.create(base + API_PREFIX + path + (queryString.isEmpty() ? "" : "?" + queryString));
  }

  private ApiResponse send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    return unwrap(request, exchange(request, BodyHandlers.ofByteArray()));
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CliException(
          "cannot reach the admin API at " + baseUrl + " (is 'airlock serve' running?)");
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the admin API at " + baseUrl + " did not answer within " + REQUEST_TIMEOUT.toSeconds()
              + "s");
    } catch (IOException e) {
      throw new CliException(
          "request to the admin API at " + baseUrl + " failed: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }

  private ApiResponse unwrap(HttpRequest request, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    if (status >= 200 && status < 300 && body.has("data")) {
      return new ApiResponse(body.get("data"), body.path("meta"));
    }
    throw failure(request, status, body);
  }

  /** The error envelope of a failed call as a CLI failure (or the unexpected answer it was). */
  private static CliException failure(HttpRequest request, int status, JsonNode body) {
    JsonNode error = body.path("error");
    if (status >= 400 && error.isObject() && error.path("code").isTextual()) {
      return new CliException(
          new ApiError(
              status,
              error.get("code").asText(),
              error.path("message").asText(""),
              error.path("field").isTextual() ? error.get("field").asText() : null));
    }
    return new CliException(
        "unexpected response from the admin API: HTTP "
            + status
            + " for "
            + request.method()
            + " "
            + request.uri().getRawPath());
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = mapper.readTree(body);
      return node == null ? mapper.missingNode() : node;
    } catch (IOException e) {
      return mapper.missingNode();
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
