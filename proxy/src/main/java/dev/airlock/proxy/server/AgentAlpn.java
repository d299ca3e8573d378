package dev.airlock.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SniCompletionEvent;

/**
 * The protocol the agent picked with ALPN in an intercepted tunnel. The HTTP/1.1 handlers are in
 * place from the start, so an HTTP/1.1 agent pays nothing more than this handler leaving the
 * pipeline; for {@code h2} they make way for the HTTP/2 codec ({@link AgentH2}). Bytes that arrive
 * before the handshake is over wait here (Netty's negotiation handler holds them).
 */
final class AgentAlpn extends ApplicationProtocolNegotiationHandler {
  private final ProxyContext px;
  private final TunnelInfo tunnel;
  private final Class<? extends SocketChannel> channelClass;
  private String sniHost;

  AgentAlpn(ProxyContext px, TunnelInfo tunnel, Class<? extends SocketChannel> channelClass) {
    super(ApplicationProtocolNames.HTTP_1_1);
    this.px = px;
    this.tunnel = tunnel;
    this.channelClass = channelClass;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SniCompletionEvent sni && sni.isSuccess()) {
      sniHost = sni.hostname();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
      AgentH2.replaceHttp1(ctx.pipeline(), ctx.name(), px, tunnel, channelClass, sniHost);
    }
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    // The exchange handler behind sees the same event: it counts the failure and closes.
  }
}
