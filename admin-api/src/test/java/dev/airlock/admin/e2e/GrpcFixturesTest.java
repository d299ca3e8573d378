package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Node gRPC fixtures (grpc-server.mjs, grpc-client.mjs; @grpc/grpc-js) against each other
 * directly, without Airlock: TLS verified against the server's own test CA, unary calls (plain and
 * gzip-compressed), a server stream, an error status, and what the server recorded; and the
 * client's CONNECT through {@code grpc_proxy} with the credentials of its URL (a bare tunnel here).
 * The end-to-end tests through Airlock drive the same scripts with grpc_proxy pointing at it.
 */
class GrpcFixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();
  private static final String HOST = "notes.example-grpc.com";

  @TempDir static Path dir;
  static Path ca;
  static Path cert;
  static Path key;
  Process server;
  BufferedReader serverOut;
  int port;

  @BeforeAll
  static void pki() throws Exception {
    TestPki pki = new TestPki();
    cert = dir.resolve("notes-cert.pem");
    key = dir.resolve("notes-key.pem");
    pki.writeServerPem(HOST, cert, key);
    ca = pki.writeCa(dir.resolve("ca.pem"));
  }

  /** A fresh server per test: no notes, nothing received. */
  @BeforeEach
  void start() throws Exception {
    server = Clients.builder(NODE_DIR, Map.of(), List.of("node", "grpc-server.mjs", "--cert", cert.toString(),
        "--key", key.toString())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first = serverOut.readLine();
    assertThat(first).as("the gRPC server's first line").startsWith("{\"port\"");
    port = JSON.readTree(first).get("port").asInt();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private JsonNode client(Path caFile, String call, String request, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", "grpc-client.mjs", "--target", "127.0.0.1:" + port,
        "--server-name", HOST, "--ca", caFile.toString(), "--call", call, "--request", request,
        "--deadline-ms", "15000"));
    cmd.addAll(List.of(extra));
    return run(Map.of(), cmd);
  }

  private static JsonNode run(Map<String, String> env, List<String> cmd) throws Exception {
    Clients.Result r = Clients.run(NODE_DIR, env, cmd);
    assertThat(r.exit()).as("client: %s", r).isZero();
    return JSON.readTree(r.stdout());
  }

  private JsonNode received() throws Exception {
    return JSON.readTree(serverOut.readLine()).get("received");
  }

  @Test
  void unaryStreamingAndErrorCallsWorkDirectly() throws Exception {
    JsonNode created = client(ca, "CreateNote",
        "{\"note\":{\"title\":\"plan\",\"body\":\"ship the release\",\"author\":{\"email\":\"dev@acme.com\",\"id\":7},"
            + "\"tags\":[1,2]}}", "--metadata", "x-request-id=r1");
    assertThat(created.get("codeName").asText()).isEqualTo("OK");
    assertThat(created.get("messages").get(0).get("id").asText()).isEqualTo("n1");
    JsonNode seen = received();
    assertThat(seen.get("method").asText()).isEqualTo("notes.v1.Notes/CreateNote");
    assertThat(seen.get("request").get("note").get("author").get("email").asText()).isEqualTo("dev@acme.com");
    assertThat(seen.get("metadata").get("x-request-id").asText()).isEqualTo("r1");

    JsonNode got = client(ca, "GetNote", "{\"id\":\"n1\"}", "--gzip");
    assertThat(got.get("code").asInt()).isZero();
    assertThat(got.get("messages").get(0).get("body").asText()).isEqualTo("ship the release");
    assertThat(received().get("request").get("id").asText()).isEqualTo("n1");

    client(ca, "CreateNote", "{\"note\":{\"title\":\"second plan\",\"body\":\"b\"}}");
    received();
    JsonNode listed = client(ca, "ListNotes", "{\"query\":\"plan\"}");
    assertThat(listed.get("code").asInt()).isZero();
    assertThat(listed.get("messages")).extracting(m -> m.get("title").asText())
        .containsExactly("plan", "second plan");
    assertThat(received().get("method").asText()).isEqualTo("notes.v1.Notes/ListNotes");

    JsonNode missing = client(ca, "GetNote", "{\"id\":\"n99\"}");
    assertThat(missing.get("codeName").asText()).isEqualTo("NOT_FOUND");
    assertThat(missing.get("details").asText()).isEqualTo("no note n99");
    received();
  }

  @Test
  void aServerCertificateFromAnotherCaIsRefused() throws Exception {
    Path otherCa = new TestPki().writeCa(dir.resolve("other-ca.pem"));

    JsonNode r = client(otherCa, "GetNote", "{\"id\":\"n1\"}");

    assertThat(r.get("codeName").asText()).isEqualTo("UNAVAILABLE");
    assertThat(r.get("messages")).isEmpty();
  }

  @Test
  void theClientTunnelsThroughGrpcProxyWithTheCredentialsOfItsUrl() throws Exception {
    try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> head = CompletableFuture.supplyAsync(() -> tunnelOnce(proxy, port),
          task -> new Thread(task, "connect-tunnel").start());

      JsonNode r = run(Map.of("grpc_proxy", "http://agent-1:k3y@127.0.0.1:" + proxy.getLocalPort()),
          List.of("node", "grpc-client.mjs", "--target", HOST + ":443", "--ca", ca.toString(), "--call",
              "CreateNote", "--request", "{\"note\":{\"title\":\"via the tunnel\"}}", "--gzip"));

      assertThat(r.get("codeName").asText()).as("%s", r).isEqualTo("OK");
      assertThat(head.get(10, TimeUnit.SECONDS)).startsWith("CONNECT " + HOST + ":443 HTTP/1.1\r\n")
          .containsIgnoringCase("proxy-authorization: Basic " + java.util.Base64.getEncoder()
              .encodeToString("agent-1:k3y".getBytes(StandardCharsets.UTF_8)));
      assertThat(received().get("request").get("note").get("title").asText()).isEqualTo("via the tunnel");
    }
  }

  /** Accepts one CONNECT, answers 200 and relays bytes to the server until either side closes; returns the head. */
  private static String tunnelOnce(ServerSocket proxy, int serverPort) {
    try (Socket agent = proxy.accept(); Socket upstream = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
      InputStream in = agent.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return head.toString();
        }
        head.append((char) b);
      }
      agent.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> up = CompletableFuture.runAsync(() -> copy(in, upstream),
          task -> new Thread(task, "tunnel-upstream").start());
      copy(upstream.getInputStream(), agent);
      up.join();
      return head.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void copy(InputStream from, Socket to) {
    try {
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = from.read(buf)) > 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (java.io.IOException e) {
      // the other side went away: the tunnel is over
    }
  }
}
