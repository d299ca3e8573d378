package dev.airlock.bench.load;

import dev.airlock.bench.net.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;

/**
 * Opens a connection ready for requests: TCP connect, then the CONNECT tunnel and the TLS handshake
 * when the route needs them, then the HTTP/1.1 codec and the answer handler, the HTTP/2 connection
 * (streams are opened per request by {@link H2Streams}), or the WebSocket handshake.
 */
final class ChannelOpener {
  private final Transport transport;
  private final Target target;
  private final int connectTimeoutMillis;
  private final String path;

  /** @param path where a WebSocket is opened (the workload's path) */
  ChannelOpener(Transport transport, Target target, Duration connectTimeout, String path) {
    this.transport = transport;
    this.target = target;
    this.path = path;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }

  Future<Channel> open(EventLoop loop, ResponseListener listener) {
    Promise<Channel> ready = loop.newPromise();
    ChannelFuture connected =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .handler(new ChannelInboundHandlerAdapter())
            .connect(target.connectTo());
    connected.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            ready.tryFailure(f.cause());
            return;
          }
          Channel ch = f.channel();
          ch.pipeline().remove(ChannelInboundHandlerAdapter.class);
          if (target.route() == Route.TUNNEL) {
            tunnel(ch, listener, ready);
          } else if (target.tls() != null) {
            handshake(ch, listener, ready);
          } else {
            addHttp(ch, listener);
            ready.trySuccess(ch);
          }
        });
    return ready;
  }

  private void tunnel(Channel ch, ResponseListener listener, Promise<Channel> ready) {
    Promise<Void> established = ch.eventLoop().newPromise();
    ch.pipeline().addLast("connect-codec", new HttpClientCodec());
    ch.pipeline().addLast("connect", new TunnelHandler(target, established));
    established.addListener(
        f -> {
          if (!f.isSuccess()) {
            ch.close();
            ready.tryFailure(f.cause());
            return;
          }
          ch.pipeline().remove("connect");
          ch.pipeline().remove("connect-codec");
          handshake(ch, listener, ready);
        });
  }

  private void handshake(Channel ch, ResponseListener listener, Promise<Channel> ready) {
    SslHandler tls = target.tls().newHandler(ch.alloc(), target.host(), target.port());
    ch.pipeline().addLast("tls", tls);
    tls.handshakeFuture()
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                ch.close();
                ready.tryFailure(f.cause());
              } else if (target.protocol() == Protocol.H2) {
                String alpn = tls.applicationProtocol();
                if (ApplicationProtocolNames.HTTP_2.equals(alpn)) {
                  ch.pipeline().addLast("h2", Http2FrameCodecBuilder.forClient().build());
                  ch.pipeline().addLast("streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  ready.trySuccess(ch);
                } else {
                  ch.close();
                  ready.tryFailure(new IllegalStateException(
                      "HTTP/2 not negotiated (ALPN: " + (alpn == null ? "none" : alpn) + ")"));
                }
              } else if (target.protocol() == Protocol.WEBSOCKET) {
                WebSocketAnswers.open(ch, target, path, listener, ready);
              } else {
                addHttp(ch, listener);
                ready.trySuccess(ch);
              }
            });
  }

  private static void addHttp(Channel ch, ResponseListener listener) {
    ch.pipeline().addLast("http", new HttpClientCodec());
    ch.pipeline().addLast("answer", new ResponseHandler(listener));
  }
}
