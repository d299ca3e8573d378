package dev.airlock.bench.peers;

import java.nio.file.Path;

/**
 * What every peer launcher needs to know about the benchmark.
 *
 * @param workDir a fresh directory for the peer's files
 * @param upstreamCa the CA the upstream's certificate chains to (peers verify against it)
 * @param upstreamHttpsPort the HTTPS origin port (tunnels must be allowed to it)
 * @param upstreamHttpPort the plain HTTP origin port
 */
public record PeerHost(Path workDir, Path upstreamCa, int upstreamHttpsPort, int upstreamHttpPort) {}
