package dev.airlock.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * Closes an agent connection after an error answer without losing that answer: closing a socket
 * that still has unread request bytes makes the kernel send RST, and the agent may then never see
 * the response. On plain connections the write side is shut first and the rest is read and
 * dropped until the agent closes (or a short grace period ends).
 */
final class GracefulClose {
  private static final long GRACE_MILLIS = 2000;

  private GracefulClose() {}

  static void close(Channel ch) {
    if (!ch.isActive()) {
      return;
    }
    if (!(ch instanceof SocketChannel sc) || ch.pipeline().get(SslHandler.class) != null) {
      ch.close(); // TLS needs close_notify, which close() sends
      return;
    }
    sc.shutdownOutput().addListener(f -> {
      if (!f.isSuccess()) {
        ch.close();
        return;
      }
      ch.config().setAutoRead(true);
      ch.read();
      ch.eventLoop().schedule(() -> {
        ch.close();
      }, GRACE_MILLIS, TimeUnit.MILLISECONDS);
    });
  }
}
