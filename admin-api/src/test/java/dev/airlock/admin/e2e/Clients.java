package dev.airlock.admin.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs real client programs (curl, python3, node, git) with an environment the test controls. */
public final class Clients {
  public record Result(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit=" + exit + "\nstdout=" + stdout + "\nstderr=" + stderr;
    }
  }

  private static final List<String> DROPPED = List.of("SSL_CERT_FILE", "CURL_CA_BUNDLE", "GIT_SSL_CAINFO",
      "NODE_EXTRA_CA_CERTS", "REQUESTS_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
      "http_proxy", "https_proxy", "no_proxy", "all_proxy", "grpc_proxy", "GRPC_PROXY", "no_grpc_proxy",
      "JAVA_TOOL_OPTIONS", "GIT_SSL_NO_VERIFY", "SSL_CERT_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM");

  private Clients() {}

  public static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
    return run(dir, env, command, null);
  }

  public static Result run(Path dir, Map<String, String> env, List<String> command, byte[] stdin)
      throws IOException, InterruptedException {
    Process p = builder(dir, env, command).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("client timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
        new String(err.join(), StandardCharsets.UTF_8));
  }

  /**
   * curl offers h2 to HTTPS servers and Airlock accepts it; these tests read HTTP/1.1 heads
   * ({@code -D -}), so curl speaks HTTP/1.1 unless a test names a version. HTTP/2 through the proxy
   * has its own tests (the proxy module's {@code Http2*Test}).
   */
  private static List<String> pinnedHttpVersion(List<String> command) {
    if (command.isEmpty() || !command.get(0).equals("curl")
        || command.stream().anyMatch(a -> a.startsWith("--http1") || a.startsWith("--http2") || a.equals("-0"))) {
      return command;
    }
    List<String> pinned = new ArrayList<>(command);
    pinned.add(1, "--http1.1");
    return pinned;
  }

  /** A process with the environment a test controls (the machine's CA and proxy variables removed). */
  public static ProcessBuilder builder(Path dir, Map<String, String> env, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(pinnedHttpVersion(command));
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Map<String, String> e = pb.environment();
    DROPPED.forEach(e::remove);
    e.put("GIT_CONFIG_NOSYSTEM", "1");
    e.put("GIT_TERMINAL_PROMPT", "0");
    e.putAll(env);
    return pb;
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
