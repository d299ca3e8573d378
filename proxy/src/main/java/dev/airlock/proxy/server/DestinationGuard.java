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
 * loopback, link-local, CGNAT, metadata, ULA or multicast range, directly or as the IPv4 address an
 * IPv6 transition form embeds (unless allow-listed), and hands back the checked address so the
 * connection goes exactly where the check looked.
 */
public final class DestinationGuard {
  public static final String PRIVATE_ADDRESS = "PRIVATE_ADDRESS";
  public static final String UNRESOLVABLE = "DESTINATION_UNRESOLVABLE";

  /** Name resolution, replaceable so tests can make a name resolve to any address. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final List<Cidr> allowed;
  private final List<ConnectTo> connectTo;
  private final Executor resolver;
  private final Resolver names;

  /**
   * @param allowed ranges exempt from the deny list
   * @param connectTo operator overrides; their targets are exempt from the guard
   * @param resolver executor for blocking name resolution (never an event loop)
   */
  public DestinationGuard(List<Cidr> allowed, List<ConnectTo> connectTo, Executor resolver) {
    this(allowed, connectTo, resolver, InetAddress::getAllByName);
  }

  DestinationGuard(List<Cidr> allowed, List<ConnectTo> connectTo, Executor resolver, Resolver names) {
    this.allowed = List.copyOf(allowed);
    this.connectTo = List.copyOf(connectTo);
    this.resolver = resolver;
    this.names = names;
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
      all = names.resolve(host);
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

  /** See {@link AddressRanges}: IPv6 forms that embed an IPv4 address are judged by it too. */
  boolean isDenied(InetAddress a) {
    return AddressRanges.isDenied(a, allowed);
  }
}
