package dev.airlock.admin.http;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.server.ScanService;
import dev.airlock.proxy.spi.AgentDirectory;

/**
 * What {@code POST /api/v1/scan} needs from the node: the agent directory the proxy authenticates
 * with and the proxy's own decision path.
 */
public record ScanBackend(AgentDirectory agents, ScanService service) {
  public ScanBackend {
    requireNonNull(agents, "agents");
    requireNonNull(service, "service");
  }
}
