package dev.airlock.admin.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.config.NodeSettings;
import dev.airlock.admin.config.ServeFlags;
import dev.airlock.admin.config.SettingsResolver;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A real Airlock node on free ports with an embedded database, plus local upstream servers that
 * stand in for real APIs: host names such as slack.com reach them through --connect-to, and their
 * certificates come from a test CA passed with --upstream-trust.
 */
final class AirlockHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final TestPki pki = new TestPki();
  final Path upstreamCa;
  final List<AutoCloseable> servers = new ArrayList<>();
  final List<String> connectTo = new ArrayList<>();
  AirlockNode node;
  Path airlockCa;
  String agentKey;
  String adminToken;
  Path configFile;
  /** An external database for the node; null: embedded. */
  String dbUrl = System.getenv("AIRLOCK_TEST_DB_URL_E2E");
  /** What the node's chat approval endpoints verify their callers against. */
  dev.airlock.admin.alerts.IntegrationSecrets integrations = dev.airlock.admin.alerts.IntegrationSecrets.NONE;
  /** AIRLOCK_* variables the node sees, e.g. the deployment's CA key. */
  final Map<String, String> env = new java.util.HashMap<>();

  AirlockHarness() throws Exception {
    dir = Files.createTempDirectory("airlock-e2e");
    upstreamCa = pki.writeCa(dir.resolve("upstream-ca.pem"));
  }

  /** An HTTPS origin for {@code host}, reached through connect-to. */
  RecordingUpstream https(String host) throws Exception {
    RecordingUpstream u = new RecordingUpstream(pki.serverContext(host));
    servers.add(u);
    connectTo.add(host + ":443:127.0.0.1:" + u.port());
    return u;
  }

  /** A plain HTTP origin for {@code host}:80, reached through connect-to. */
  RecordingUpstream http(String host) throws Exception {
    RecordingUpstream u = new RecordingUpstream(null);
    servers.add(u);
    connectTo.add(host + ":80:127.0.0.1:" + u.port());
    return u;
  }

  void route(String hostPort, int localPort) {
    connectTo.add(hostPort + ":127.0.0.1:" + localPort);
  }

  /** Uses a YAML config file (for limits and timeouts) on top of the flags. */
  void config(String yaml) throws Exception {
    configFile = Files.writeString(dir.resolve("airlock.yaml"), yaml);
  }

  /**
   * Points these nodes at one database with one deployment CA key and starts them in order, as
   * several nodes of one deployment run; later nodes use the first node's agent key.
   */
  static void startSharing(String dbUrl, AirlockHarness... nodes) throws Exception {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    for (AirlockHarness h : nodes) {
      h.dbUrl = dbUrl;
      h.env.put("AIRLOCK_CA_KEY", Base64.getEncoder().encodeToString(key));
    }
    for (AirlockHarness h : nodes) {
      h.start();
      if (h != nodes[0]) {
        h.agentKey = nodes[0].agentKey;
      }
    }
  }

  void start() throws Exception {
    ServeFlags flags = new ServeFlags(dir.resolve("data"), configFile, dbUrl,
        "127.0.0.1:0", "127.0.0.1:0", upstreamCa, connectTo, List.of(), Path.of("../conf/policies"),
        dir.resolve("no-tools"));
    NodeSettings settings = new SettingsResolver(env).resolve(flags);
    node = AirlockNode.start(settings, integrations);
    airlockCa = dir.resolve("data/ca/ca.pem");
    if (node.bootstrap() != null) {
      storeOpened();
    }
  }

  /** Waits for a node started without its database to reach it, then takes the first-start secrets. */
  void awaitStore(Duration timeout) {
    dev.airlock.admin.store.Poll.until(timeout, "the node to open its store", node::isStoreOpen);
    storeOpened();
  }

  private void storeOpened() {
    // A second node on a shared database finds local-agent already there: no key of its own.
    agentKey = node.bootstrap().newAgentKey().orElse(null);
    adminToken = node.bootstrap().newAdminToken().orElseThrow();
  }

  int proxyPort() {
    return node.proxyPort();
  }

  String proxyUrl(String agent, String key) {
    return "http://" + agent + ":" + key + "@127.0.0.1:" + proxyPort();
  }

  String proxyUrl() {
    return proxyUrl("local-agent", agentKey);
  }

  /** The header line (CRLF included) that authenticates local-agent, for requests written by hand. */
  String authHeader() {
    return "Proxy-Authorization: Basic " + Base64.getEncoder()
        .encodeToString(("local-agent:" + agentKey).getBytes(StandardCharsets.UTF_8)) + "\r\n";
  }

  /** A client context that verifies the node's MITM certificates against its CA only. */
  SSLContext airlockTrust() throws Exception {
    return TestPki.trusting(airlockCa);
  }

  /** The JDK's HttpClient through the proxy as local-agent with {@code key}, trusting only the node's CA. */
  HttpClient jdkClient(String key) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(airlockTrust())
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort())))
        .authenticator(new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            return new PasswordAuthentication("local-agent", key.toCharArray());
          }
        })
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** The environment that points the {@code airlock} CLI at this node's admin API. */
  Map<String, String> cliEnvironment() {
    return Map.of("AIRLOCK_URL", "http://127.0.0.1:" + node.adminPort(), "AIRLOCK_ADMIN_TOKEN", adminToken);
  }

  /** Calls the admin API; returns the parsed envelope. */
  JsonNode admin(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.adminPort() + path))
        .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(20));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode n = JSON.readTree(r.body());
    if (r.statusCode() >= 300) {
      throw new AssertionError("admin " + method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return n;
  }

  /** The trace with this id, polling until the asynchronous writer has stored it. */
  JsonNode trace(String traceId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode t : admin("GET", "/api/v1/traces?limit=1000&since=1h", null).get("data")) {
        if (t.get("id").asText().equals(traceId)) {
          return t;
        }
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("no trace " + traceId + " within 15 s");
  }

  /** curl through this node (headers included in stdout with -D -), trusting Airlock's CA; args follow. */
  Clients.Result curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-D", "-", "-x", proxyUrl(),
        "--cacert", airlockCa.toString()));
    cmd.addAll(List.of(args));
    return Clients.run(null, Map.of(), cmd);
  }

  /** Writes raw bytes to the proxy port and returns everything it answers until it closes. */
  String raw(String request) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxyPort())) {
      s.setSoTimeout(15_000);
      java.io.OutputStream out = s.getOutputStream();
      out.write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
      return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  /** The JSON body of a response printed with its head (curl -D -, or a raw answer). */
  static JsonNode jsonBody(String response) throws Exception {
    return JSON.readTree(response.substring(response.lastIndexOf("\r\n\r\n") + 4));
  }

  @Override
  public void close() throws Exception {
    if (node != null) {
      node.close();
    }
    for (AutoCloseable s : servers) {
      s.close();
    }
  }
}
