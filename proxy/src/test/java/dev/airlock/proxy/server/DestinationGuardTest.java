package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.Cidr;
import dev.airlock.proxy.config.ConnectTo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {
  private final DestinationGuard guard = new DestinationGuard(List.of(), List.of(), Runnable::run);

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
      "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254"})
  void deniesPrivateAndMetadataAddresses(String ip) {
    Destination d = guard.checkBlocking(ip, 443);
    assertThat(d.deniedReason()).isEqualTo(DestinationGuard.PRIVATE_ADDRESS);
    assertThat(d.address()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"})
  void allowsPublicAddressesAndConnectsToTheCheckedOne(String ip) throws Exception {
    Destination d = guard.checkBlocking(ip, 443);
    assertThat(d.denied()).isFalse();
    assertThat(d.address().getAddress()).isEqualTo(java.net.InetAddress.getByName(ip));
    assertThat(d.address().getPort()).isEqualTo(443);
  }

  @Test
  void allowListExemptsRanges() {
    DestinationGuard g = new DestinationGuard(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Runnable::run);
    assertThat(g.checkBlocking("127.0.0.1", 8443).denied()).isFalse();
    assertThat(g.checkBlocking("169.254.169.254", 80).denied()).isTrue();
  }

  @Test
  void connectToTargetsAreExemptAndRedirected() {
    DestinationGuard g = new DestinationGuard(List.of(), List.of(ConnectTo.parse("slack.com:443:127.0.0.1:9443")),
        Runnable::run);
    Destination d = g.checkBlocking("slack.com", 443);
    assertThat(d.denied()).isFalse();
    assertThat(d.address().getPort()).isEqualTo(9443);
    assertThat(d.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(d.host()).isEqualTo("slack.com");
  }

  @Test
  void unresolvableNamesAreRefused() {
    assertThat(guard.checkBlocking("no-such-host.invalid", 443).deniedReason())
        .isEqualTo(DestinationGuard.UNRESOLVABLE);
  }
}
