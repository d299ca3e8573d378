package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-loop pool on its own: which connection comes back, what is evicted, what is forgotten. */
class UpstreamPoolTest {
  private final UpstreamPool pool = new UpstreamPool(4, 60_000);
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  private static UpstreamPool.Key key(String host) {
    return new UpstreamPool.Key(new Target(host, 443, true), new InetSocketAddress("127.0.0.1", 8443));
  }

  private UpstreamPool.Entry entry(String host) {
    EmbeddedChannel c = new EmbeddedChannel();
    channels.add(c);
    return new UpstreamPool.Entry(key(host), c, null);
  }

  @Test
  void theMostRecentlyParkedConnectionOfTheTargetComesBack() {
    UpstreamPool.Entry first = entry("a.test");
    UpstreamPool.Entry second = entry("a.test");
    pool.offer(first);
    pool.offer(second);
    assertThat(pool.take(key("a.test"), true)).isSameAs(second);
    assertThat(pool.take(key("a.test"), true)).isSameAs(first);
    assertThat(pool.take(key("a.test"), true)).isNull();
    assertThat(pool.keyCount()).as("an emptied target leaves no entry behind").isZero();
  }

  @Test
  void beyondTheCapTheLeastRecentlyUsedConnectionIsClosed() {
    List<UpstreamPool.Entry> parked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      UpstreamPool.Entry e = entry("h" + i + ".test");
      parked.add(e);
      pool.offer(e);
    }
    assertThat(pool.idleCount()).isEqualTo(4);
    assertThat(pool.keyCount()).isEqualTo(4);
    assertThat(parked.get(0).channel.isOpen()).isFalse();
    assertThat(parked.get(1).channel.isOpen()).isFalse();
    assertThat(pool.take(key("h0.test"), true)).isNull();
    assertThat(pool.take(key("h5.test"), true)).isSameAs(parked.get(5));
  }

  @Test
  void aParkedConnectionThatClosesIsForgottenWithItsTarget() {
    UpstreamPool.Entry e = entry("a.test");
    pool.offer(e);
    e.channel.close();
    pool.remove(e); // what the connection's reader does when it goes inactive
    assertThat(pool.idleCount()).isZero();
    assertThat(pool.keyCount()).isZero();
  }

  @Test
  void aClosedConnectionIsNeverHandedOut() {
    UpstreamPool.Entry e = entry("a.test");
    pool.offer(e);
    e.channel.close();
    assertThat(pool.take(key("a.test"), true)).isNull();
    assertThat(pool.keyCount()).isZero();
  }

  @Test
  void aRequestThatIsNotIdempotentSkipsAConnectionNearTheOriginsKeepAliveTimeout() {
    UpstreamPool.Entry e = entry("a.test");
    e.originTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(500); // within the margin from the start
    pool.offer(e);
    assertThat(pool.take(key("a.test"), false)).isNull();
    assertThat(pool.take(key("a.test"), true)).isSameAs(e);
  }

  @Test
  void aPoolWithNoRoomClosesWhatItIsOffered() {
    UpstreamPool none = new UpstreamPool(0, 60_000);
    UpstreamPool.Entry e = entry("a.test");
    none.offer(e);
    assertThat(e.channel.isOpen()).isFalse();
    assertThat(none.idleCount()).isZero();
  }

  @Test
  void theKeepAliveIsAtMostAMinuteAndNeverLongerThanTheIdleTimeout() {
    dev.airlock.proxy.config.ProxyConfig d = dev.airlock.proxy.config.ProxyConfig.defaults();
    assertThat(new UpstreamPool(d).keepAliveMillis()).isEqualTo(60_000);
  }
}
