package dev.airlock.bench.peers;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/** A peer that is up: how to reach it, and the process to stop afterwards. */
public record Started(SystemUnderTest system, ManagedProcess process) {

  /** A peer proxy that needs no Proxy-Authorization and is measured by its own process tree. */
  static Started peer(String name, InetSocketAddress address, Path clientCa, ManagedProcess process,
      String version, String note) {
    return new Started(new SystemUnderTest(name, address, clientCa, null, List.of(process.pid()), version, note), process);
  }
}
