package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.function.Supplier;

/** Pipeline of one admin connection. */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {
  /** Largest request body accepted (policy documents are far smaller); larger gets 413. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private final Supplier<AdminHttpHandler> handlers;
  private final Envelope envelope;
  private final ObjectMapper json;

  AdminInitializer(Supplier<AdminHttpHandler> handlers, Envelope envelope, ObjectMapper json) {
    this.handlers = handlers;
    this.envelope = envelope;
    this.json = json;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("codec", new HttpServerCodec())
        // Before keep-alive handling: a 413 for an oversized body ends the connection in its own
        // way (see BodyLimitAggregator), which an immediate close would defeat.
        .addLast("aggregator", new BodyLimitAggregator(MAX_BODY_BYTES, envelope, json))
        .addLast("keepAlive", new HttpServerKeepAliveHandler())
        .addLast("api", handlers.get());
  }
}
