package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accept-time caps on connections, in total, unauthenticated, and unauthenticated per source. */
class ConnectionAdmissionTest {
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void closeAll() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  /** A connection from this remote address. */
  private EmbeddedChannel from(String address) {
    InetSocketAddress remote = new InetSocketAddress(address, 40_000 + channels.size());
    EmbeddedChannel ch = new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return remote;
      }
    };
    channels.add(ch);
    return ch;
  }

  private static long admitted(ConnectionAdmission a, List<EmbeddedChannel> chs) {
    return chs.stream().filter(a::accept).count();
  }

  @Test
  void unauthenticatedConnectionsAreCappedPerSource() {
    ConnectionAdmission a = new ConnectionAdmission(new ConnectionCaps(100, 50, 3, 10, 0));
    assertThat(admitted(a, List.of(from("10.0.0.1"), from("10.0.0.1"), from("10.0.0.1"), from("10.0.0.1"))))
        .isEqualTo(3);
    assertThat(a.accept(from("10.0.0.2"))).as("another source").isTrue();
    assertThat(a.unauthenticated()).isEqualTo(4);
    assertThat(a.refused()).isEqualTo(1);
  }

  @Test
  void aConnectionThatAuthenticatedLeavesTheUnauthenticatedCounts() {
    ConnectionAdmission a = new ConnectionAdmission(new ConnectionCaps(100, 50, 2, 10, 0));
    EmbeddedChannel first = from("10.0.0.1");
    assertThat(a.accept(first)).isTrue();
    assertThat(a.accept(from("10.0.0.1"))).isTrue();
    assertThat(a.accept(from("10.0.0.1"))).isFalse();
    a.authenticated(first);
    a.authenticated(first); // counted once only
    assertThat(a.unauthenticated()).isEqualTo(1);
    assertThat(a.accept(from("10.0.0.1"))).isTrue();
    assertThat(a.accept(from("10.0.0.1"))).isFalse();
    assertThat(a.open()).isEqualTo(3);
  }

  @Test
  void unauthenticatedConnectionsAreCappedInTotal() {
    ConnectionAdmission a = new ConnectionAdmission(new ConnectionCaps(100, 4, 3, 10, 0));
    long admitted = admitted(a, List.of(from("10.0.0.1"), from("10.0.0.2"), from("10.0.0.3"), from("10.0.0.4"),
        from("10.0.0.5"), from("10.0.0.6")));
    assertThat(admitted).isEqualTo(4);
  }

  @Test
  void allConnectionsAreCappedInTotalAuthenticatedOrNot() {
    ConnectionAdmission a = new ConnectionAdmission(new ConnectionCaps(3, 3, 3, 10, 0));
    for (int i = 0; i < 3; i++) {
      EmbeddedChannel ch = from("10.0.1." + i);
      assertThat(a.accept(ch)).isTrue();
      a.authenticated(ch);
    }
    assertThat(a.accept(from("10.0.2.1"))).isFalse();
    assertThat(a.unauthenticated()).isZero();
  }

  @Test
  void closingAConnectionGivesItsPlaceBack() {
    ConnectionAdmission a = new ConnectionAdmission(new ConnectionCaps(2, 2, 1, 10, 0));
    EmbeddedChannel first = from("10.0.0.1");
    assertThat(a.accept(first)).isTrue();
    assertThat(a.accept(from("10.0.0.1"))).isFalse();
    first.close();
    assertThat(a.open()).isZero();
    assertThat(a.unauthenticated()).isZero();
    assertThat(a.accept(from("10.0.0.1"))).isTrue();
  }
}
