package dev.airlock.proxy.server;

import dev.airlock.proxy.config.ProxyConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Request decoder for agent connections, strict about request smuggling: a message carrying both
 * Content-Length and Transfer-Encoding is rejected instead of silently dropping Content-Length,
 * and differing duplicate Content-Length values, bad chunk sizes and bare-LF lines fail decoding.
 */
final class AgentRequestDecoder extends HttpRequestDecoder {
  /** Told of every read, so a request head that begins and stalls runs against its deadline. */
  private ConnectionDeadline deadline;

  AgentRequestDecoder(ProxyConfig.Limits limits) {
    super(new HttpDecoderConfig()
        .setMaxInitialLineLength(limits.maxInitialLineBytes())
        .setMaxHeaderSize(limits.maxHeaderBytes())
        .setMaxChunkSize(64 * 1024)
        .setStrictLineParsing(true)
        .setValidateHeaders(true)
        .setAllowDuplicateContentLengths(false)
        .setUseRfc9112TransferEncoding(true));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    deadline = ctx.pipeline().get(ConnectionDeadline.class);
    super.handlerAdded(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (deadline != null) {
      deadline.received();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new SmugglingException("Content-Length and Transfer-Encoding together");
  }

  /** A request framing that could desynchronise the proxy and the upstream. */
  static final class SmugglingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SmugglingException(String message) {
      super(message);
    }
  }
}
