package dev.airlock.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The agent-facing listener: native epoll when available, NIO otherwise. */
public final class ProxyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

  private final ProxyContext px;
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel listener;

  public ProxyServer(ProxyContext px) {
    this.px = px;
  }

  /** Binds and returns the bound address (port 0 picks a free port). */
  public InetSocketAddress start() throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(px.config().limits().effectiveIoThreads(), epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerSocketChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(type)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ClientInitializer(px));
    try {
      listener = b.bind(px.config().listenHost(), px.config().listenPort()).sync().channel();
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException("cannot listen on " + px.config().listenHost() + ":"
          + px.config().listenPort() + ": " + e.getMessage(), e);
    }
    InetSocketAddress addr = (InetSocketAddress) listener.localAddress();
    LOG.debug("proxy listening on {} ({})", addr, epoll ? "epoll" : "nio");
    return addr;
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (workers != null) {
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
    px.authAttempts().flush(); // counted authentication failures not traced yet
  }
}
