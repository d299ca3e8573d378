package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.config.Cidr;
import dev.airlock.proxy.config.ConnectTo;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {
  private final DestinationGuard guard = new DestinationGuard(List.of(), List.of(), Runnable::run);
  private final DestinationGuard allowLoopback =
      new DestinationGuard(List.of(Cidr.parse("127.0.0.0/8")), List.of(), Runnable::run);

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
      "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
      "255.255.255.255", "::", "ff02::1", "fec0::1"})
  void deniesPrivateAndMetadataAddresses(String ip) {
    Destination d = guard.checkBlocking(ip, 443);
    assertThat(d.deniedReason()).isEqualTo(DestinationGuard.PRIVATE_ADDRESS);
    assertThat(d.address()).isNull();
  }

  /** IPv6 forms that carry a private IPv4 address are judged by that IPv4 address. */
  @ParameterizedTest
  @ValueSource(strings = {
      "::127.0.0.1", "::7f00:1", "::a9fe:a9fe", "::10.0.0.1", "::192.168.1.1", // IPv4-compatible ::/96
      "::ffff:7f00:1", "::ffff:10.0.0.1", "::ffff:100.64.0.1", // IPv4-mapped ::ffff:0:0/96
      "::ffff:0:127.0.0.1", "::ffff:0:a9fe:a9fe", "::ffff:0:10.1.2.3", // SIIT ::ffff:0:0:0/96
      "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::c0a8:101", // NAT64 64:ff9b::/96
      // local-use NAT64 64:ff9b:1::/48 in each RFC 6052 layout: /96, /48, /56, /64, and public ones
      "64:ff9b:1::a9fe:a9fe", "64:ff9b:1::7f00:1", "64:ff9b:1:7f00:1::", "64:ff9b:1:a9:fe00:a9fe::",
      "64:ff9b:1:0:a9:fea9:fe00:0", "64:ff9b:1:808:8:800::", "64:ff9b:1::808:808",
      "2002:7f00:1::1", "2002:a9fe:a9fe::", "2002:c0a8:101:1::1", // 6to4 2002::/16
      "2001:0:7f00:1::1", // Teredo server 127.0.0.1
      "2001:0:808:808::80ff:fffe", // Teredo client (XOR ffffffff) 127.0.0.1, public server
      "2001:0:808:808::5601:5601", // Teredo client 169.254.169.254
  })
  void deniesIpv6FormsThatEmbedAPrivateIpv4(String ip) {
    assertThat(guard.checkBlocking(ip, 443).deniedReason()).as(ip).isEqualTo(DestinationGuard.PRIVATE_ADDRESS);
  }

  /** Other spellings of loopback and metadata never get through (refused as private, or unresolvable). */
  @ParameterizedTest
  @ValueSource(strings = {"127.1", "2130706433", "0x7f000001", "017700000001", "169.254.43518",
      "0:0:0:0:0:ffff:7f00:1", "0000::0001", "::0:127.0.0.1", "fe80::1%1"})
  void otherSpellingsOfPrivateAddressesAreRefused(String host) {
    assertThat(guard.checkBlocking(host, 443).denied()).as(host).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "::8.8.8.8",
      "::ffff:0:8.8.8.8", "64:ff9b::8.8.8.8", "2002:808:808::1",
      "2001:0:808:808::f7f7:f7f7"})
  void allowsPublicAddressesAndConnectsToTheCheckedOne(String ip) throws Exception {
    Destination d = guard.checkBlocking(ip, 443);
    assertThat(d.denied()).as(ip).isFalse();
    assertThat(d.address().getAddress()).isEqualTo(InetAddress.getByName(ip));
    assertThat(d.address().getPort()).isEqualTo(443);
  }

  @Test
  void allowListExemptsRanges() {
    assertThat(allowLoopback.checkBlocking("127.0.0.1", 8443).denied()).isFalse();
    assertThat(allowLoopback.checkBlocking("169.254.169.254", 80).denied()).isTrue();
  }

  /**
   * An allowed IPv4 range is allowed in every IPv6 form that embeds it, and only there: the IPv6
   * loopback and ranges are not IPv4 loopback, and a second embedded address must pass too.
   */
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, false", "::ffff:127.0.0.1, false", "::127.0.0.1, false", "::7f00:1, false",
      "::ffff:0:127.0.0.1, false", "64:ff9b::7f00:1, false", "64:ff9b:1::7f00:1, true", "2002:7f00:1::1, false",
      "2001:0:7f00:1::80ff:fffe, false",
      "::1, true", "::, true", "fd00::1, true", "::a9fe:a9fe, true", "::ffff:10.0.0.1, true",
      "2001:0:7f00:1::5601:5601, true", // allowed server, metadata client
  })
  void allowListAppliesToEmbeddedIpv4(String ip, boolean denied) {
    assertThat(allowLoopback.checkBlocking(ip, 443).denied()).as(ip).isEqualTo(denied);
  }

  /** A name is refused when any of its addresses is private in any form, and is resolved only once. */
  @ParameterizedTest
  @ValueSource(strings = {"::127.0.0.1", "::ffff:0:a9fe:a9fe", "64:ff9b:1::a9fe:a9fe", "2002:a00:1::1",
      "2001:0:4136:e378:8000:63bf:80ff:fffe", "169.254.169.254"})
  void namesResolvingToAPrivateFormAreRefused(String ip) throws Exception {
    InetAddress[] resolved = {InetAddress.getByName("8.8.8.8"), InetAddress.getByName(ip)};
    int[] lookups = {0};
    DestinationGuard g = new DestinationGuard(List.of(), List.of(), Runnable::run, host -> {
      lookups[0]++;
      return resolved;
    });
    assertThat(g.checkBlocking("rebind.example", 443).deniedReason()).as(ip)
        .isEqualTo(DestinationGuard.PRIVATE_ADDRESS);
    assertThat(lookups[0]).isEqualTo(1);
  }

  @Test
  void localUseNat64PassesOnlyWhenAllowListedAsARange() {
    DestinationGuard g = new DestinationGuard(List.of(Cidr.parse("64:ff9b:1::/48")), List.of(), Runnable::run);
    assertThat(g.checkBlocking("64:ff9b:1:808:8:800::", 443).denied()).isFalse();
    assertThat(guard.checkBlocking("64:ff9b:1:808:8:800::", 443).denied()).isTrue();
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
