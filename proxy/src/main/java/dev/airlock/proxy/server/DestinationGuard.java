package dev.airlock.proxy.server;

import dev.airlock.proxy.config.Cidr;
import dev.airlock.proxy.config.ConnectTo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * SSRF guard: resolves a target name once, refuses it when any resolved address lies in a private,
 * loopback, link-local, CGNAT, metadata, ULA or multicast range (unless allow-listed), and hands
 * back the checked address so the connection goes exactly where the check looked.
 */
public final class DestinationGuard {
  public static final String PRIVATE_ADDRESS = "PRIVATE_ADDRESS";
  public static final String UNRESOLVABLE = "DESTINATION_UNRESOLVABLE";

  private static final List<Cidr> DENIED = List.of(
      "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
      "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
      "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96")
      .stream().map(Cidr::parse).toList();

  private final List<Cidr> allowed;
  private final List<ConnectTo> connectTo;
  private final Executor resolver;

  /**
   * @param allowed ranges exempt from the deny list
   * @param connectTo operator overrides; their targets are exempt from the guard
   * @param resolver executor for blocking name resolution (never an event loop)
   */
  public DestinationGuard(List<Cidr> allowed, List<ConnectTo> connectTo, Executor resolver) {
    this.allowed = List.copyOf(allowed);
    this.connectTo = List.copyOf(connectTo);
    this.resolver = resolver;
  }

  /** Resolves and checks host:port off the caller's thread. */
  public CompletableFuture<Destination> check(String host, int port) {
    return CompletableFuture.supplyAsync(() -> checkBlocking(host, port), resolver);
  }

  Destination checkBlocking(String host, int port) {
    for (ConnectTo c : connectTo) {
      if (c.matches(host, port)) {
        try {
          InetAddress a = InetAddress.getByName(c.address());
          return new Destination(host, port, new InetSocketAddress(a, c.addressPort()), null);
        } catch (UnknownHostException e) {
          return new Destination(host, port, null, UNRESOLVABLE);
        }
      }
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return new Destination(host, port, null, UNRESOLVABLE);
    }
    for (InetAddress a : all) {
      if (isDenied(a)) {
        return new Destination(host, port, null, PRIVATE_ADDRESS);
      }
    }
    return new Destination(host, port, new InetSocketAddress(all[0], port), null);
  }

  boolean isDenied(InetAddress a) {
    for (Cidr c : allowed) {
      if (c.contains(a)) {
        return false;
      }
    }
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    for (Cidr c : DENIED) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }
}
