package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a quiet spell means for an upstream connection, decided by its reader. */
class UpstreamReaderTest {
  private final UpstreamPool pool = new UpstreamPool(8, 60_000);

  private EmbeddedChannel connection(UpstreamReader r) {
    EmbeddedChannel c = new EmbeddedChannel(r);
    r.attach(new UpstreamPool.Key(new Target("a.test", 443, true), new InetSocketAddress("127.0.0.1", 1)), c);
    return c;
  }

  @Test
  void quietSpellsAreCheckedAtThePoolKeepAliveOrTheIdleTimeoutIfShorter() {
    assertThat(new UpstreamReader(pool, Duration.ofMinutes(5).toMillis()).watch.getReaderIdleTimeInMillis())
        .isEqualTo(60_000);
    assertThat(new UpstreamReader(pool, Duration.ofSeconds(20).toMillis()).watch.getReaderIdleTimeInMillis())
        .isEqualTo(20_000);
  }

  @Test
  void aPooledConnectionQuietForTheKeepAliveIsClosedAndLeavesThePool() {
    UpstreamReader r = new UpstreamReader(pool, Duration.ofMinutes(5).toMillis());
    EmbeddedChannel c = connection(r);
    try {
      pool.offer(r.entry());
      assertThat(pool.idleCount()).isEqualTo(1);
      c.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
      assertThat(c.isOpen()).as("closed after 60 s, not after the 5 min idle timeout").isFalse();
      assertThat(pool.idleCount()).isZero();
      assertThat(pool.keyCount()).isZero();
    } finally {
      c.finishAndReleaseAll();
    }
  }

  @Test
  void aPooledConnectionOnWhichTheOriginSpeaksOutOfTurnIsClosed() {
    UpstreamReader r = new UpstreamReader(pool, Duration.ofMinutes(5).toMillis());
    EmbeddedChannel c = connection(r);
    try {
      pool.offer(r.entry());
      c.writeInbound(new io.netty.handler.codec.http.DefaultHttpResponse(
          io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.REQUEST_TIMEOUT));
      assertThat(c.isOpen()).isFalse();
      assertThat(pool.take(r.key(), true)).isNull();
    } finally {
      c.finishAndReleaseAll();
    }
  }
}
