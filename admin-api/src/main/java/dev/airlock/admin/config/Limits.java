package dev.airlock.admin.config;

import dev.airlock.proxy.config.ProxyConfig;
import java.time.Duration;
import java.util.Set;

/** Reads the proxy.timeouts and proxy.limits sections. */
final class Limits {
  private Limits() {}

  static ProxyConfig.Timeouts timeouts(ConfigTree t) {
    t.allowOnly(Set.of("connect", "tls_handshake", "idle", "header_read", "upstream_response"));
    ProxyConfig.Timeouts d = ProxyConfig.Timeouts.defaults();
    try {
      return new ProxyConfig.Timeouts(
          or(t.duration("connect"), d.connect()),
          or(t.duration("tls_handshake"), d.tlsHandshake()),
          or(t.duration("idle"), d.idle()),
          or(t.duration("header_read"), d.headerRead()),
          or(t.duration("upstream_response"), d.upstreamResponse()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("proxy.timeouts." + e.getMessage());
    }
  }

  static ProxyConfig.Limits limits(ConfigTree t) {
    t.allowOnly(Set.of("max_uri_length", "max_header_bytes", "max_header_count", "max_connections_per_agent",
        "io_threads", "max_idle_upstream"));
    ProxyConfig.Limits d = ProxyConfig.Limits.defaults();
    try {
      return new ProxyConfig.Limits(
          (int) or(t.integer("max_uri_length"), (long) d.maxInitialLineBytes()).longValue(),
          (int) or(t.integer("max_header_bytes"), (long) d.maxHeaderBytes()).longValue(),
          (int) or(t.integer("max_header_count"), (long) d.maxHeaderCount()).longValue(),
          (int) or(t.integer("max_connections_per_agent"), (long) d.maxConnectionsPerAgent()).longValue(),
          (int) or(t.integer("io_threads"), (long) d.ioThreads()).longValue(),
          (int) or(t.integer("max_idle_upstream"), (long) d.maxIdleUpstream()).longValue());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("proxy.limits." + e.getMessage());
    }
  }

  private static <T> T or(T v, T d) {
    return v == null ? d : v;
  }
}
