package dev.airlock.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent-facing listener: native epoll when available, NIO otherwise. Stopping is two steps:
 * {@link #drain} lets the exchanges in progress finish, then {@link #close} ends everything left.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
  private static final long DRAIN_POLL_MILLIS = 50;

  /** Sent down every agent pipeline when draining begins; idle connections close on it. */
  static final Object DRAIN = new Object() {
    @Override
    public String toString() {
      return "DRAIN";
    }
  };

  private final ProxyContext px;
  private final ChannelGroup agentChannels = new DefaultChannelGroup("agents", GlobalEventExecutor.INSTANCE);
  private final CountDownLatch drainCut = new CountDownLatch(1);
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
        .childHandler(tracked(new ClientInitializer(px)));
    try {
      listener = b.bind(px.config().listenHost(), px.config().listenPort()).sync().channel();
    } catch (Exception e) { // bind() reports a port in use as a checked BindException
      close();
      throw new IllegalStateException("cannot listen on " + px.config().listenHost() + ":"
          + px.config().listenPort() + ": " + e.getMessage(), e);
    }
    InetSocketAddress addr = (InetSocketAddress) listener.localAddress();
    LOG.debug("proxy listening on {} ({})", addr, epoll ? "epoll" : "nio");
    return addr;
  }

  /** Registers each agent connection so that a drain can reach the idle ones. */
  private ChannelHandler tracked(ClientInitializer init) {
    return new ChannelInitializer<SocketChannel>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        agentChannels.add(ch);
        ch.pipeline().addLast(init);
      }
    };
  }

  /**
   * Stops accepting (new connections are refused), closes agent connections that are idle between
   * requests, answers every further response with {@code Connection: close}, and waits until no
   * exchange is in progress, {@code grace} has passed, or {@link #cutDrain} is called.
   *
   * @return the exchanges still in progress when it stopped waiting (0 when all finished)
   */
  public long drain(Duration grace) {
    px.stats().startDraining();
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    for (Channel ch : agentChannels) {
      ch.pipeline().fireUserEventTriggered(DRAIN);
    }
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      while (px.stats().exchangesInProgress() > 0 && System.nanoTime() < deadline) {
        if (drainCut.await(DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return px.stats().exchangesInProgress();
  }

  /** Ends a {@link #drain} in progress now (a second stop signal). */
  public void cutDrain() {
    drainCut.countDown();
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
