package dev.airlock.proxy.server;

import dev.airlock.proxy.config.OversizePolicy;
import dev.airlock.proxy.exfil.ResponseOrigin;
import dev.airlock.proxy.exfil.ResponseScanner;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.policy.Action;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Relays one WebSocket connection after its {@code 101}: frames both ways (parsed by Netty's
 * RFC 6455 codecs: the agent's frames arrive masked, the frames Airlock sends upstream are masked
 * anew). Each message of the agent is reassembled and decided like a request body of the
 * connection's tool before any of it goes upstream; a refused one closes both sides with 1008.
 * The upstream's text messages are relayed as they come and handed to the response scanner.
 * Control frames pass through; each side's writability steers reads on the other; traffic either
 * way keeps the agent connection's idle deadline from running out; one side closing closes the other.
 * Both channels share the agent's event loop, so no state here is touched by two threads.
 */
final class WebSocketRelay {
  private final ProxyContext px;
  private final Channel agent;
  private final Channel upstream;
  private final ConnectionDeadline deadline;
  private final WebSocketInspection inspection;
  /** Copies the upstream's text messages for the response scanner; null when responses are not scanned. */
  private final WebSocketTextCapture capture;
  private final int inspectLimit;
  /** The frames of the agent's message being assembled (owned here until written or released). */
  private final List<WebSocketFrame> parts = new ArrayList<>();
  /** Frames that arrived while a message was being inspected on a worker. */
  private final ArrayDeque<WebSocketFrame> waiting = new ArrayDeque<>();
  private long messageBytes;
  private boolean messageBinary;
  /** The rest of an oversize message goes on uninspected (oversize_policy allow_uninspected). */
  private boolean passing;
  private boolean deciding;
  private boolean closed;

  private WebSocketRelay(ProxyContext px, Channel agent, Channel upstream, Exchange handshake) {
    this.px = px;
    this.agent = agent;
    this.upstream = upstream;
    this.deadline = agent.pipeline().get(ConnectionDeadline.class);
    this.inspection = new WebSocketInspection(px, handshake);
    this.inspectLimit = (int) px.config().inspectMaxBytes();
    ResponseScanner scanner = px.responses();
    this.capture = scanner.enabled() && handshake.verdict != null && inspectLimit > 0
        ? new WebSocketTextCapture(scanner, new ResponseOrigin(handshake.identity.env(),
            handshake.identity.agentName(), handshake.verdict.call().tool(), handshake.target.host()), inspectLimit)
        : null;
  }

  /**
   * Answers the agent's handshake with {@code agentResponse}, switches both pipelines from HTTP to
   * WebSocket frames, and ends the handshake's exchange ({@code finishHandshake}: its trace).
   * Called on the agent's event loop while the upstream's {@code 101} is being read, so bytes that
   * followed it reach the frame decoder in order.
   */
  static void open(ProxyContext px, ChannelHandlerContext agentCtx, Exchange handshake, FullHttpResponse agentResponse,
      Channel upstream, Runnable finishHandshake) {
    Channel agent = agentCtx.channel();
    WebSocketRelay relay = new WebSocketRelay(px, agent, upstream, handshake);
    int maxFrame = (int) Math.max(px.config().inspectMaxBytes(), ExchangeHandler.MAX_UNINSPECTED_BODY);

    relay.upstreamToFrames(maxFrame);

    agentCtx.writeAndFlush(agentResponse); // encoded at once, before the encoder leaves
    ChannelPipeline ap = agent.pipeline();
    ap.replace(ExchangeHandler.class, "websocket", relay.new AgentSide());
    ap.addBefore("decoder", "ws-encoder", new WebSocket13FrameEncoder(false));
    ap.remove("encoder");
    relay.start(handshake, finishHandshake);
    ap.replace("decoder", "ws-decoder", new WebSocket13FrameDecoder(config(true, maxFrame)));
  }

  /**
   * The same for an agent's RFC 8441 WebSocket on an HTTP/2 stream: the stream is answered with
   * {@code agentResponse} (a {@code 200} that leaves it open), then its DATA frames carry the
   * WebSocket frames ({@link H2WebSocketStream} in place of the stream's HTTP codec), and frames the
   * agent sent before the answer follow in order.
   */
  static void openH2(ProxyContext px, ChannelHandlerContext agentCtx, Exchange handshake,
      HttpResponse agentResponse, Channel upstream, Runnable finishHandshake) {
    Channel agent = agentCtx.channel();
    WebSocketRelay relay = new WebSocketRelay(px, agent, upstream, handshake);
    int maxFrame = (int) Math.max(px.config().inspectMaxBytes(), ExchangeHandler.MAX_UNINSPECTED_BODY);
    relay.upstreamToFrames(maxFrame);

    agentCtx.writeAndFlush(agentResponse); // HEADERS without END_STREAM, before the codec leaves
    ChannelPipeline ap = agent.pipeline();
    ap.replace(ExchangeHandler.class, "websocket", relay.new AgentSide());
    ap.remove(H2ResponseHead.class);
    ap.replace("codec", "ws-stream", new H2WebSocketStream());
    ap.addAfter("ws-stream", "ws-encoder", new WebSocket13FrameEncoder(false));
    ap.addAfter("ws-encoder", "ws-decoder", new WebSocket13FrameDecoder(config(true, maxFrame)));
    relay.start(handshake, finishHandshake);
    ChannelHandlerContext guard = ap.context(H2RequestGuard.class);
    if (guard != null) {
      ((H2RequestGuard) guard.handler()).releaseHeld(guard);
    }
  }

  private void upstreamToFrames(int maxFrame) {
    ChannelPipeline up = upstream.pipeline();
    up.replace("relay", "websocket", new UpstreamSide());
    up.remove("idle"); // the agent connection's deadline times both sides out
    up.addBefore("codec", "ws-encoder", new WebSocket13FrameEncoder(true));
    up.replace("codec", "ws-decoder", new WebSocket13FrameDecoder(config(false, maxFrame)));
  }

  /** Ends the handshake's exchange and lets frames flow both ways. */
  private void start(Exchange handshake, Runnable finishHandshake) {
    handshake.closeAfter = false;
    finishHandshake.run();
    if (deadline != null) {
      deadline.relaying();
    }
    agent.config().setAutoRead(upstream.isWritable());
    upstream.config().setAutoRead(agent.isWritable());
    agent.closeFuture().addListener(f -> close());
    upstream.closeFuture().addListener(f -> close());
  }

  private static WebSocketDecoderConfig config(boolean masked, int maxFrame) {
    return WebSocketDecoderConfig.newBuilder().expectMaskedFrames(masked).allowMaskMismatch(false)
        .allowExtensions(false).maxFramePayloadLength(maxFrame).closeOnProtocolViolation(true).build();
  }

  // --- agent to upstream -------------------------------------------------------------------

  private void fromAgent(WebSocketFrame f) {
    if (deadline != null) {
      deadline.received();
    }
    if (closed) {
      f.release();
    } else if (deciding) {
      waiting.add(f);
    } else {
      agentFrame(f);
    }
  }

  private void agentFrame(WebSocketFrame f) {
    boolean data = f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame
        || f instanceof ContinuationWebSocketFrame;
    if (!data) {
      upstream.writeAndFlush(f); // ping, pong and close go on as they are
      return;
    }
    if (!(f instanceof ContinuationWebSocketFrame)) {
      messageBinary = f instanceof BinaryWebSocketFrame;
      messageBytes = 0;
    }
    messageBytes += f.content().readableBytes();
    if (passing) {
      passing = !f.isFinalFragment();
      upstream.writeAndFlush(f);
      return;
    }
    parts.add(f);
    if (messageBytes > inspectLimit) {
      oversize();
    } else if (f.isFinalFragment()) {
      decide();
    }
  }

  /** The message outgrew the inspection limit: refused, or decided without its content and let through. */
  private void oversize() {
    boolean last = parts.get(parts.size() - 1).isFinalFragment();
    InspectedRequest req = inspection.request(new byte[0], messageBinary, false);
    Exchange msg = inspection.message(messageBytes);
    if (px.config().oversizePolicy() == OversizePolicy.DENY) {
      refuse(msg, inspection.refusal(req, Forwarder.BODY_TOO_LARGE), false);
      return;
    }
    Verdict v = px.decider().decide(req, inspection.agent());
    if (!act(msg, v, true)) {
      return;
    }
    passing = !last;
  }

  private void decide() {
    byte[] message = new byte[(int) messageBytes];
    int at = 0;
    for (WebSocketFrame p : parts) {
      ByteBuf c = p.content();
      int n = c.readableBytes();
      c.getBytes(c.readerIndex(), message, at, n);
      at += n;
    }
    InspectedRequest req = inspection.request(message, messageBinary, true);
    Exchange msg = inspection.message(messageBytes);
    if (message.length < InspectionWorkers.OFFLOAD_BYTES) {
      act(msg, px.decider().decide(req, inspection.agent()), false);
      return;
    }
    deciding = true;
    agent.config().setAutoRead(false);
    try {
      InspectionWorkers.execute(() -> {
        Verdict v;
        try {
          v = px.decider().decide(req, inspection.agent());
        } catch (RuntimeException e) {
          v = null;
        }
        Verdict verdict = v;
        agent.eventLoop().execute(() -> decided(msg, verdict));
      });
    } catch (RejectedExecutionException e) {
      decided(msg, null);
    }
  }

  /** Back on the event loop with a worker's verdict (null: the inspection could not be done). */
  private void decided(Exchange msg, Verdict v) {
    deciding = false;
    if (closed) {
      msg.release();
      return;
    }
    if (v == null) {
      InspectedRequest req = inspection.request(new byte[0], messageBinary, false);
      refuse(msg, inspection.refusal(req, Forwarder.INSPECTION_BUSY), false);
      return;
    }
    act(msg, v, false);
    while (!deciding && !closed && !waiting.isEmpty()) {
      agentFrame(waiting.poll());
    }
    if (!deciding && !closed) {
      agent.config().setAutoRead(upstream.isWritable());
    }
  }

  /** Forwards the message (redacted when sanitized) or refuses it; false when the connection closed. */
  private boolean act(Exchange msg, Verdict v, boolean uninspected) {
    if (v.enforced() == Action.DENY || v.enforced() == Action.REQUIRE_APPROVAL) {
      // An approval cannot be waited for in the middle of a stream: refused like a denial.
      refuse(msg, v, uninspected);
      return false;
    }
    inspection.trace(msg, v, false, null, uninspected);
    if (v.redactedBody() != null) {
      releaseParts();
      ByteBuf body = Unpooled.wrappedBuffer(v.redactedBody());
      upstream.writeAndFlush(messageBinary ? new BinaryWebSocketFrame(true, 0, body)
          : new TextWebSocketFrame(true, 0, body));
      return true;
    }
    for (WebSocketFrame p : parts) {
      upstream.write(p);
    }
    parts.clear();
    upstream.flush();
    return true;
  }

  /** Nothing of the message goes upstream: both sides are closed with 1008 naming the reason and trace. */
  private void refuse(Exchange msg, Verdict v, boolean uninspected) {
    String reason = WebSocketInspection.closeReason(WebSocketInspection.code(v), msg.traceId);
    inspection.trace(msg, v, true, null, uninspected);
    releaseParts();
    closeBoth(WebSocketInspection.POLICY_VIOLATION, reason);
  }

  // --- upstream to agent -------------------------------------------------------------------

  private void fromUpstream(WebSocketFrame f) {
    if (deadline != null) {
      deadline.received();
    }
    if (closed) {
      f.release();
      return;
    }
    if (capture != null) {
      capture.add(f);
    }
    agent.writeAndFlush(f);
  }

  // --- both ---------------------------------------------------------------------------------

  private void closeBoth(int status, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    releaseParts();
    agent.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
    upstream.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  /** One side is gone: the other follows once what was written to it has gone out. */
  private void close() {
    closed = true;
    releaseParts();
    if (agent.isActive()) {
      agent.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    if (upstream.isActive()) {
      upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void releaseParts() {
    for (WebSocketFrame p : parts) {
      ReferenceCountUtil.release(p);
    }
    parts.clear();
    WebSocketFrame w;
    while ((w = waiting.poll()) != null) {
      w.release();
    }
    passing = false;
  }

  /** The agent's side of the relay, in place of the HTTP exchange handler. */
  private final class AgentSide extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof WebSocketFrame f) {
        fromAgent(f);
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      upstream.config().setAutoRead(agent.isWritable());
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == ProxyServer.DRAIN) {
        closeBoth(1001, "going away"); // the node stops
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
      ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      releaseParts();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** The upstream's side of the relay, in place of the HTTP response reader. */
  private final class UpstreamSide extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof WebSocketFrame f) {
        fromUpstream(f);
      } else {
        ReferenceCountUtil.release(msg); // the empty end of the 101, still in the HTTP decoder's hands
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (!deciding) {
        agent.config().setAutoRead(upstream.isWritable());
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
