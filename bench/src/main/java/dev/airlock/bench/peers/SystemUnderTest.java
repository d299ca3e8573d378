package dev.airlock.bench.peers;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * One way of reaching the benchmark upstream: directly, or through one proxy.
 *
 * @param name short column name ("direct", "airlock", "squid", ...)
 * @param proxy the proxy's listen address, {@code null} for direct
 * @param clientCa the CA the client must trust for HTTPS: the proxy's own for a MITM proxy, the
 *     upstream CA for direct or a pure tunnel
 * @param proxyAuthorization the Proxy-Authorization value, {@code null} when the proxy needs none
 * @param pids the processes to sample for CPU and memory (with their descendants)
 * @param version what ran, for the report header
 * @param note how it was set up, for the report
 */
public record SystemUnderTest(
    String name,
    InetSocketAddress proxy,
    Path clientCa,
    String proxyAuthorization,
    List<Long> pids,
    String version,
    String note) {
  public SystemUnderTest {
    requireNonNull(name, "name");
    requireNonNull(clientCa, "clientCa");
    pids = List.copyOf(pids);
    requireNonNull(version, "version");
    requireNonNull(note, "note");
  }

  public boolean direct() {
    return proxy == null;
  }
}
