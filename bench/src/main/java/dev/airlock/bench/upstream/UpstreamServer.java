package dev.airlock.bench.upstream;

import dev.airlock.bench.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;

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
    EventLoopGroup group = transport.newGroup(threads);
    try {
      Channel https = bind(transport, group, serverTls, httpsPort);
      Channel http = bind(transport, group, null, httpPort);
      return new UpstreamServer(group, https, http);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
      throw e;
    }
  }

  private static Channel bind(Transport transport, EventLoopGroup group, SslContext tls, int port)
      throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new UpstreamInitializer(tls))
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
