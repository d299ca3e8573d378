package dev.airlock.bench.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/** Sends one request on a new stream of an HTTP/2 connection and reports its answer, or its loss. */
final class H2Streams {
  private H2Streams() {}

  static void send(Channel connection, FullHttpRequest request, ResponseListener listener) {
    new Http2StreamChannelBootstrap(connection)
        .handler(new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
            stream.pipeline().addLast(new StreamAnswer(listener));
          }
        })
        .open()
        .addListener(f -> {
          if (f.isSuccess()) {
            ((Http2StreamChannel) f.getNow()).writeAndFlush(request);
          } else {
            request.release();
            listener.onNoAnswer();
          }
        });
  }

  /** The answer of one stream: complete with its last content; a stream closed before that has none. */
  private static final class StreamAnswer extends ResponseHandler {
    private boolean answered;

    StreamAnswer(ResponseListener listener) {
      super(listener);
    }

    @Override
    protected void answered(int status, boolean keepAlive) {
      answered = true;
      super.answered(status, keepAlive);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (!answered) {
        answered = true;
        listener().onNoAnswer();
      }
      ctx.fireChannelInactive();
    }
  }
}
