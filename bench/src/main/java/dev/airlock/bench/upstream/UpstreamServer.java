package dev.airlock.bench.upstream;

import dev.airlock.bench.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The benchmark's origin server: one HTTPS and one plain-HTTP listener on loopback, served by the
 * same small handler. Port 0 picks a free port.
 */
public final class UpstreamServer implements AutoCloseable {
  private final EventLoopGroup group;
  private final Channel https;
  private final Channel http;

  private UpstreamServer(EventLoopGroup group, Channel https, Channel http) {
    this.group = group;
    this.https = https;
    this.http = http;
  }

  public static UpstreamServer start(
      Transport transport, SslContext serverTls, int httpsPort, int httpPort, int threads)
      throws InterruptedException {
    return start(transport, new UpstreamInitializer(serverTls), httpsPort, httpPort, threads, Duration.ZERO);
  }

  /**
   * An upstream that serves several host names over HTTPS (a certificate per SNI name) and, with a
   * non-zero {@code idleClose}, closes connections idle for that long.
   */
  public static UpstreamServer start(Transport transport, Mapping<? super String, ? extends SslContext> byName,
      int httpsPort, int httpPort, int threads, Duration idleClose) throws InterruptedException {
    return start(transport, new UpstreamInitializer(null, byName, idleClose), httpsPort, httpPort, threads, idleClose);
  }

  private static UpstreamServer start(Transport transport, UpstreamInitializer httpsInit, int httpsPort, int httpPort,
      int threads, Duration idleClose) throws InterruptedException {
    EventLoopGroup group = transport.newGroup(threads);
    try {
      Channel https = bind(transport, group, httpsInit, httpsPort);
      Channel http = bind(transport, group, new UpstreamInitializer(null, null, idleClose), httpPort);
      return new UpstreamServer(group, https, http);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
      throw e;
    }
  }

  private static Channel bind(Transport transport, EventLoopGroup group, UpstreamInitializer init, int port)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(init)
        .bind(new InetSocketAddress("127.0.0.1", port))
        .sync()
        .channel();
  }

  public int httpsPort() {
    return ((InetSocketAddress) https.localAddress()).getPort();
  }

  public int httpPort() {
    return ((InetSocketAddress) http.localAddress()).getPort();
  }

  @Override
  public void close() {
    https.close().syncUninterruptibly();
    http.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }
}
