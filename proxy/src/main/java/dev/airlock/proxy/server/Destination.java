package dev.airlock.proxy.server;

import java.net.InetSocketAddress;

/**
 * Where an upstream connection goes, decided once per target: the checked address to connect to,
 * or the reason it is refused.
 *
 * @param host the target host as the agent named it (used for SNI, Host and certificate checks)
 * @param port the target port as the agent named it
 * @param address the checked address to connect to (null when denied)
 * @param deniedReason reason code when the guard refused the target, else null
 */
public record Destination(String host, int port, InetSocketAddress address, String deniedReason) {
  public boolean denied() {
    return deniedReason != null;
  }
}
