package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.proxy.config.ProxyConfig;
import org.junit.jupiter.api.Test;

/** Caps derived from, or checked against, the descriptor limit: 256 reserved, the rest split between agent and upstream connections. */
class ConnectionCapsTest {
  private static ProxyConfig.Limits limits(int total, int unauthenticated, int perSource) {
    return new ProxyConfig.Limits(8192, 32768, 100, 1024, 0, ProxyConfig.Limits.DEFAULT_MAX_IDLE_UPSTREAM, total,
        unauthenticated, perSource);
  }

  @Test
  void defaultsAreDerivedFromTheDescriptorLimit() {
    ConnectionCaps caps = ConnectionCaps.resolve(ProxyConfig.Limits.defaults(), 20_000);
    assertThat(caps.maxConnections()).as("10,000 idle agent connections fit").isEqualTo(11_846);
    assertThat(caps.maxUpstream()).isEqualTo(19_744 - 11_846);
    assertThat(caps.maxUnauthenticated()).isEqualTo(11_846 / 4);
    assertThat(caps.maxUnauthenticatedPerSource()).isEqualTo(256);
    assertThat(caps.maxPerAgent()).isEqualTo(1024);
    assertThat(caps.describe()).contains("11846 agent connections", "2961 of them unauthenticated",
        "256 per source address", "7898 upstream connections", "ulimit -n 20000");
  }

  @Test
  void explicitCapsThatFitAreKept() {
    ConnectionCaps caps = ConnectionCaps.resolve(limits(5_000, 100, 10), 20_000);
    assertThat(caps).isEqualTo(new ConnectionCaps(5_000, 100, 10, 1024, 20_000, 19_744 - 5_000));
  }

  @Test
  void aTotalThatCannotFitTheDescriptorLimitIsAConfigurationError() {
    assertThatThrownBy(() -> ConnectionCaps.resolve(limits(19_700, 0, 0), 20_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_connections: 19700 leaves 44 file descriptors for upstream connections (ulimit -n 20000, "
            + "256 reserved, at least 64 upstream) (expected: <= 19680, or raise ulimit -n)");
  }

  @Test
  void aDescriptorLimitWithNoRoomForConnectionsIsAnError() {
    assertThatThrownBy(() -> ConnectionCaps.resolve(ProxyConfig.Limits.defaults(), 200))
        .hasMessageStartingWith("max_connections: ulimit -n is 200");
  }

  @Test
  void unauthenticatedCapsMustFitInsideTheTotal() {
    assertThatThrownBy(() -> ConnectionCaps.resolve(limits(100, 200, 0), 20_000))
        .hasMessage("max_unauthenticated_connections: 200 (expected: <= max_connections 100)");
    assertThatThrownBy(() -> ConnectionCaps.resolve(limits(100, 50, 60), 20_000))
        .hasMessage("max_unauthenticated_per_source: 60 (expected: <= max_unauthenticated_connections 50)");
  }

  @Test
  void derivedCapsShrinkWithAnExplicitTotal() {
    ConnectionCaps caps = ConnectionCaps.resolve(limits(400, 0, 0), 20_000);
    assertThat(caps.maxUnauthenticated()).isEqualTo(100);
    assertThat(caps.maxUnauthenticatedPerSource()).isEqualTo(100);
  }

  @Test
  void anUnknownDescriptorLimitUsesAFixedBudget() {
    ConnectionCaps caps = ConnectionCaps.resolve(ProxyConfig.Limits.defaults(), 0);
    assertThat(caps.maxConnections()).isEqualTo(ConnectionCaps.UNKNOWN_LIMIT_CONNECTIONS);
    assertThat(caps.describe()).doesNotContain("ulimit");
  }

  @Test
  void thisProcessReportsItsDescriptorLimit() {
    assertThat(ConnectionCaps.processDescriptorLimit()).isPositive();
  }
}
