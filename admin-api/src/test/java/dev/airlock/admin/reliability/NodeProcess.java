package dev.airlock.admin.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.e2e.TestPki;
import dev.airlock.admin.store.Poll;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Airlock node in a JVM of its own, for what only a process shows: signals, exit codes, a
 * {@code kill -9} and the next start on the same data directory. It runs {@code Main serve} from
 * this JVM's class path (target/classes and the dependency jars during {@code mvn verify}) with
 * paranoid leak detection, on free ports, with stdout and stderr in files beside the data directory.
 *
 * <p>{@link #close()} kills the node if it still runs and stops any PostgreSQL it left running on
 * its data directory, so a test never leaks a server.
 */
public final class NodeProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final Pattern AGENT_KEY =
      Pattern.compile("^(?:export )?HTTPS_PROXY=http://local-agent:([^@/\\s]+)@", Pattern.MULTILINE);
  private static final List<String> DROPPED_ENV = List.of("JAVA_TOOL_OPTIONS", "HTTP_PROXY", "HTTPS_PROXY",
      "NO_PROXY", "http_proxy", "https_proxy", "no_proxy");

  private final Process process;
  private final Path dataDir;
  private final Path stdout;
  private final Path stderr;
  /** Every postmaster PID seen on this data directory while this node ran. */
  private final Set<Long> postgresPids = new LinkedHashSet<>();
  private JsonNode ports;

  private NodeProcess(Process process, Path dataDir, Path stdout, Path stderr) {
    this.process = process;
    this.dataDir = dataDir;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** Waits until the node has written DATA/ports.json; fails with its output if it exits first. */
  public NodeProcess awaitReady(Duration timeout) {
    Path portsFile = dataDir.resolve("ports.json");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(portsFile)) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited with " + process.exitValue() + " before it was ready:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("node not ready within " + timeout + ":\n" + output());
      }
      pause();
    }
    try {
      // Written in one call, but it may be seen half written: read until it parses.
      Poll.until(Duration.ofSeconds(5), "a complete ports.json", () -> readPorts(portsFile) != null);
      ports = readPorts(portsFile);
    } finally {
      rememberPostgres();
    }
    return this;
  }

  public int proxyPort() {
    return ports.get("proxy").asInt();
  }

  public int adminPort() {
    return ports.get("admin").asInt();
  }

  public String adminToken() throws IOException {
    return Files.readString(dataDir.resolve("admin-token")).trim();
  }

  /** The key of the agent the first start created, from DATA/quickstart.env. */
  public String agentKey() throws IOException {
    Matcher m = AGENT_KEY.matcher(Files.readString(dataDir.resolve("quickstart.env")));
    if (!m.find()) {
      throw new AssertionError("no agent key in quickstart.env");
    }
    return m.group(1);
  }

  public String proxyUrl() throws IOException {
    return "http://local-agent:" + agentKey() + "@127.0.0.1:" + proxyPort();
  }

  /** The Airlock CA that agents trust. */
  public Path caFile() {
    return dataDir.resolve("ca/ca.pem");
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The postmaster PID written in DATA/pg/postmaster.pid, if the file is there. */
  public OptionalLong postgresPid() {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("pg/postmaster.pid"));
      return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).trim()));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Everything the node printed so far: stdout, then stderr. */
  public String output() {
    return read(stdout) + read(stderr);
  }

  /** Netty's leak reports in the output (the node runs with paranoid detection). */
  public List<String> leakReports() {
    return output().lines().filter(l -> l.contains("LEAK:")).toList();
  }

  /** SIGTERM (what {@code Process.destroy()} sends on Linux). */
  public void sigterm() {
    process.destroy();
  }

  /** SIGKILL: the JVM dies without running anything. */
  public void sigkill() {
    process.destroyForcibly();
  }

  /** Waits for the node to exit; returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** Calls the admin API with the node's admin token; fails on a non-2xx answer. */
  public JsonNode admin(String method, String path) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
        .header("Authorization", "Bearer " + adminToken()).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> r = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
        .send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError("admin " + method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The status of an unauthenticated admin GET such as {@code /readyz}; -1 while the admin API does not answer. */
  public int adminStatus(String path) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort() + path))
          .timeout(Duration.ofSeconds(20)).build();
      return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
          .send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Whether the trace with this id is stored (as the admin API lists it); false while the API is down. */
  public boolean hasTrace(String traceId) {
    return hasTrace(t -> t.get("id").asText().equals(traceId));
  }

  /** Whether a stored trace matches; false while the admin API does not answer. */
  public boolean hasTrace(Predicate<JsonNode> match) {
    try {
      for (JsonNode t : admin("GET", "/api/v1/traces?limit=1000&since=24h").get("data")) {
        if (match.test(t)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the node if it still runs (SIGTERM, then SIGKILL after 30 s), then any PostgreSQL left
   * running on its data directory.
   */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt(); // still stop the servers below
    }
    // Into the test's own output (surefire keeps it per class): what the node said, for a failure.
    System.out.println("--- node " + process.pid() + " on " + dataDir + " ---\n" + output());
    rememberPostgres();
    Path pgDir = dataDir.resolve("pg");
    for (long pid : postgresPids) {
      PostgresProcesses.stop(pid, pgDir);
    }
    for (long pid : PostgresProcesses.postmasters(pgDir)) {
      PostgresProcesses.stop(pid, pgDir);
    }
  }

  private void rememberPostgres() {
    postgresPid().ifPresent(postgresPids::add);
  }

  private static JsonNode readPorts(Path file) {
    try {
      JsonNode n = JSON.readTree(Files.readString(file));
      return n != null && n.has("proxy") && n.has("admin") ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static void pause() {
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
  }

  /** Options for one start; each {@link #start()} launches a new process on the same data directory. */
  public static final class Builder {
    private final Path dataDir;
    private final List<String> connectTo = new ArrayList<>();
    private final List<String> extraArgs = new ArrayList<>();
    private Path upstreamTrust;
    private String db;
    private Path config;
    private Path policiesDir = Path.of("../conf/policies");
    private Duration startupTimeout = Duration.ofSeconds(90);

    private Builder(Path dataDir) {
      this.dataDir = dataDir.toAbsolutePath();
    }

    public Builder upstreamTrust(Path pem) {
      this.upstreamTrust = pem;
      return this;
    }

    /** Trusts the upstreams' test CA: writes it beside the data directory and passes it as --upstream-trust. */
    public Builder upstreamTrust(TestPki pki) throws Exception {
      return upstreamTrust(pki.writeCa(dataDir.resolveSibling("upstream-ca.pem")));
    }

    /** {@code HOST:PORT:ADDR:PORT2}, as {@code --connect-to}. */
    public Builder connectTo(String mapping) {
      connectTo.add(mapping);
      return this;
    }

    /** An external PostgreSQL instead of the embedded one. */
    public Builder db(String jdbcUrl) {
      this.db = jdbcUrl;
      return this;
    }

    public Builder config(Path file) {
      this.config = file;
      return this;
    }

    /** More {@code serve} arguments, e.g. {@code "--shutdown-grace", "20s"}. */
    public Builder args(String... args) {
      extraArgs.addAll(List.of(args));
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** Launches the node and waits until it is ready. */
    public NodeProcess start() throws IOException {
      return launch().awaitReady(startupTimeout);
    }

    /** Launches the node without waiting; see {@link NodeProcess#awaitReady}. */
    public NodeProcess launch() throws IOException {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(dataDir.resolve("ports.json")); // a killed node leaves its own behind
      Path logs = Files.createDirectories(dataDir.resolveSibling("node-logs"));
      int n = SEQUENCE.incrementAndGet();
      Path out = logs.resolve("node-" + n + ".out");
      Path err = logs.resolve("node-" + n + ".err");
      ProcessBuilder pb = new ProcessBuilder(command())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("AIRLOCK_"));
      DROPPED_ENV.forEach(env::remove);
      return new NodeProcess(pb.start(), dataDir, out, err);
    }

    private List<String> command() {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          "-Dio.netty.leakDetection.level=paranoid",
          "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
          "dev.airlock.admin.Main", "serve",
          "--data-dir", dataDir.toString(),
          "--proxy-listen", "127.0.0.1:0",
          "--admin-listen", "127.0.0.1:0",
          "--policies-dir", policiesDir.toAbsolutePath().toString(),
          "--tools-dir", dataDir.resolveSibling("no-tools").toString()));
      if (upstreamTrust != null) {
        cmd.addAll(List.of("--upstream-trust", upstreamTrust.toAbsolutePath().toString()));
      }
      connectTo.forEach(c -> cmd.addAll(List.of("--connect-to", c)));
      if (db != null) {
        cmd.addAll(List.of("--db", db));
      }
      if (config != null) {
        cmd.addAll(List.of("--config", config.toAbsolutePath().toString()));
      }
      cmd.addAll(extraArgs);
      return cmd;
    }
  }
}
