package dev.airlock.proxy.server;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import java.net.InetSocketAddress;

/**
 * Carries one exchange at a time of an agent connection (or of one HTTP/2 stream) to the upstream
 * and hands the response parts to the exchange's listener: over pooled HTTP/1.1 connections
 * ({@link UpstreamLink}) or over a stream of an upstream HTTP/2 connection ({@link H2StreamLink}).
 */
interface UpstreamSender {
  /** Sends a request (head + full body); the listener gets the response parts on {@code loop}. */
  void send(EventLoop loop, Target t, InetSocketAddress addr, FullHttpRequest request, UpstreamLink.Listener l);

  /** Lets upstream reads follow the agent's ability to take more data. */
  void setAutoRead(boolean on);

  /** Drops the exchange under way, if any (timeouts, agent gone); its listener hears nothing more. */
  void abort();

  /** The agent side ends. */
  void close();
}
