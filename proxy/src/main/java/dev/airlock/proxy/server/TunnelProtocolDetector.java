package dev.airlock.proxy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * First bytes inside a CONNECT tunnel: a TLS record means the agent speaks HTTPS (intercept with
 * the minted certificate, then HTTP/1.1 or h2 as ALPN picks); the HTTP/2 connection preface is
 * h2c with prior knowledge; anything else is plain HTTP (some clients tunnel http:// URLs too).
 */
final class TunnelProtocolDetector extends ByteToMessageDecoder {
  private static final byte[] H2C_PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ProxyContext px;
  private final SslContext ssl;
  private final TunnelInfo info;
  private final Class<? extends SocketChannel> channelClass;

  TunnelProtocolDetector(ProxyContext px, SslContext ssl, TunnelInfo info,
      Class<? extends SocketChannel> channelClass) {
    this.px = px;
    this.ssl = ssl;
    this.info = info;
    this.channelClass = channelClass;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 5) {
      return;
    }
    boolean tls = SslHandler.isEncrypted(in, false);
    if (!tls && startsLikePreface(in)) {
      if (in.readableBytes() >= H2C_PREFACE.length) {
        h2c(ctx);
      }
      return; // else wait for the whole preface before choosing
    }
    Target t = new Target(info.target().host(), info.target().port(), tls);
    TunnelInfo tunnel = new TunnelInfo(t, info.destination(), info.credentials());
    ChannelPipeline p = ctx.pipeline();
    String name = ctx.name();
    if (tls) {
      int timeout = (int) px.config().timeouts().tlsHandshake().toMillis();
      p.addAfter(name, "tls", new SniHandler(host -> ssl) {
        @Override
        protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
          SslHandler h = super.newSslHandler(context, allocator);
          h.setHandshakeTimeoutMillis(timeout);
          return h;
        }
      });
      p.addAfter("tls", "alpn", new AgentAlpn(px, tunnel, channelClass));
      p.addAfter("alpn", "decoder", new AgentRequestDecoder(px.config().limits()));
    } else {
      // Plain HTTP in an authenticated tunnel: these first bytes begin a request head.
      ConnectionDeadline deadline = p.get(ConnectionDeadline.class);
      if (deadline != null) {
        deadline.quiet(true);
      }
      p.addAfter(name, "decoder", new AgentRequestDecoder(px.config().limits()));
    }
    p.addAfter("decoder", "encoder", new HttpResponseEncoder());
    p.addAfter("encoder", "exchange", new ExchangeHandler(px, tunnel, channelClass));
    p.remove(this);
  }

  /**
   * HTTP/2 with prior knowledge in a plain tunnel (h2c, RFC 9113 §3.3): the agent starts with the
   * connection preface. Its streams are handled as those of a TLS tunnel; upstream is HTTP/1.1.
   */
  private void h2c(ChannelHandlerContext ctx) {
    ChannelPipeline p = ctx.pipeline();
    ConnectionDeadline deadline = p.get(ConnectionDeadline.class);
    if (deadline != null) {
      deadline.quiet(true);
    }
    Target t = new Target(info.target().host(), info.target().port(), false);
    AgentH2.install(p, ctx.name(), px, new TunnelInfo(t, info.destination(), info.credentials()), channelClass, null);
    p.remove(this);
  }

  /** Whether the bytes so far (or the first 24) are those of the HTTP/2 connection preface. */
  private static boolean startsLikePreface(ByteBuf in) {
    int n = Math.min(in.readableBytes(), H2C_PREFACE.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != H2C_PREFACE[i]) {
        return false;
      }
    }
    return true;
  }
}
