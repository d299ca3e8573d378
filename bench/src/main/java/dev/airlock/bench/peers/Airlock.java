package dev.airlock.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An Airlock node started by {@code scripts/bench}: its proxy port, agent credentials and CA come
 * from its data directory; its embedded PostgreSQL (detached from the JVM) is sampled with it.
 */
public final class Airlock {
  private Airlock() {}

  public static SystemUnderTest attach(Path dataDir, long pid, String version) {
    return attach("airlock", dataDir, pid, version);
  }

  /** The node under another column name (a second build compared in the same run). */
  public static SystemUnderTest attach(String name, Path dataDir, long pid, String version) {
    try {
      JsonNode ports = new ObjectMapper().readTree(dataDir.resolve("ports.json").toFile());
      InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", ports.get("proxy").asInt());
      String authorization = agentAuthorization(Files.readAllLines(dataDir.resolve("quickstart.env")));
      List<Long> pids = new ArrayList<>(List.of(pid));
      postmasterPid(dataDir.resolve("pg").resolve("postmaster.pid")).ifPresent(pids::add);
      return new SystemUnderTest(
          name,
          proxy,
          dataDir.resolve("ca").resolve("ca.pem"),
          authorization,
          pids,
          version,
          "MITM with request-body inspection against the starter policies; embedded PostgreSQL included in CPU and RSS");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Airlock's data directory " + dataDir, e);
    }
  }

  /** Basic credentials from the {@code HTTPS_PROXY=http://user:key@host:port} line. */
  static String agentAuthorization(List<String> quickstartLines) {
    for (String line : quickstartLines) {
      String l = line.strip().replaceFirst("^export\\s+", "");
      if (l.startsWith("HTTPS_PROXY=")) {
        String url = l.substring("HTTPS_PROXY=".length()).replace("'", "").replace("\"", "");
        String userInfo = URI.create(url).getRawUserInfo();
        if (userInfo == null) {
          throw new IllegalArgumentException("HTTPS_PROXY has no credentials");
        }
        String decoded = java.net.URLDecoder.decode(userInfo, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
      }
    }
    throw new IllegalArgumentException("no HTTPS_PROXY line in quickstart.env");
  }

  private static java.util.Optional<Long> postmasterPid(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return java.util.Optional.empty();
    }
    return Files.readAllLines(pidFile).stream().findFirst().map(String::strip).map(Long::parseLong);
  }
}
