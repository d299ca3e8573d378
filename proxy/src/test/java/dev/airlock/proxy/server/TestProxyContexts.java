package dev.airlock.proxy.server;

import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.LeafCache;
import dev.airlock.certs.LeafMinter;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.proxy.inspect.InspectingDecider;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.EnforcementMode;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.spi.AgentIdentity;
import dev.airlock.proxy.spi.StaticAgentDirectory;
import dev.airlock.proxy.trace.Trace;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/** A data-plane context built from real parts, with one agent and a trace list to assert on. */
final class TestProxyContexts {
  static final String AGENT = "agent-1";
  static final String KEY = "alk_test_key_0123456789";
  /** The header line that authenticates {@link #AGENT}, CRLF included. */
  static final String AUTH = "Proxy-Authorization: " + basic(AGENT, KEY) + "\r\n";
  private static final String SECRET_BODY = "{\"k\":\"AKIAIOSFODNN7EXAMPLE\"}";
  /**
   * A request from {@link #AGENT} that this context's policy denies (its body holds an AWS key):
   * answered by the proxy itself, without any upstream, on a connection kept alive.
   */
  static final String DENIED_REQUEST = "POST http://93.184.216.34/submit HTTP/1.1\r\nHost: 93.184.216.34\r\n"
      + "Content-Length: " + SECRET_BODY.length() + "\r\n" + AUTH + "\r\n" + SECRET_BODY;

  final List<Trace> traces = new CopyOnWriteArrayList<>();
  final ProxyContext context;

  TestProxyContexts(ProxyConfig config) {
    this(config, CertificateAuthority.generate());
  }

  /** With {@code ca} minting the intercepted hosts' leaves; upstreams trusted per {@code config.upstreamTrust()}. */
  TestProxyContexts(ProxyConfig config, CertificateAuthority ca) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(List.of(EnvironmentSettings.defaults("default")), List.of(PolicyParser.parse(
        "{\"name\":\"secrets\",\"rules\":[{\"id\":\"deny\",\"condition\":{\"data_class_any\":[\"SECRETS\"]},"
            + "\"action\":\"DENY\",\"reason\":\"SECRET_DETECTED\"}]}")));
    RequestInspector inspector = new RequestInspector(ToolCatalog.load(null),
        new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of(), Set.of()));
    LeafCache leaves = new LeafCache(new LeafMinter(ca), Runnable::run);
    context = new ProxyContext(config,
        new StaticAgentDirectory().add(new AgentIdentity("agt_1", AGENT, "key_1", "default", "custom"), KEY),
        new DestinationGuard(config.allowPrivate(), config.connectTo(), Runnable::run),
        new MitmContexts(h -> leaves.get(h).thenApply(l -> new LeafSource.KeyMaterial(l.privateKey(), l.chain())),
            Runnable::run),
        new UpstreamTls(config.upstreamTrust(), 5000),
        new InspectingDecider(inspector, engine, new Redactor()),
        traces::add,
        new HostGlobs(List.of()),
        new ProxyStats(),
        new AgentConnectionLimit(config.limits().maxConnectionsPerAgent()),
        new UpstreamPool(config));
  }

  static String basic(String agent, String key) {
    return "Basic " + Base64.getEncoder().encodeToString((agent + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** An agent connection as the proxy sets it up after accept, minus the deadline: decoder, encoder, exchange. */
  EmbeddedChannel agentChannel() {
    return agentChannel(context);
  }

  static EmbeddedChannel agentChannel(ProxyContext context) {
    return new EmbeddedChannel(new AgentRequestDecoder(ProxyConfig.Limits.defaults()), new HttpResponseEncoder(),
        new ExchangeHandler(context, null, NioSocketChannel.class));
  }

  /** Delivers {@code raw} as bytes from the agent and runs the tasks that scheduled. */
  static void receive(EmbeddedChannel ch, String raw) {
    ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
    ch.runPendingTasks();
  }

  /** What the channel has written to the agent so far, as text; every buffer read is released. */
  static String written(EmbeddedChannel ch) {
    StringBuilder out = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return out.toString();
  }

  /** {@code context} with its decider's decide() replaced by {@code decide}; everything else as it was. */
  static ProxyContext withDecide(ProxyContext context, BiFunction<InspectedRequest, AgentContext, Verdict> decide) {
    RequestDecider base = context.decider();
    RequestDecider replaced = new RequestDecider() {
      @Override
      public Verdict decide(InspectedRequest request, AgentContext agent) {
        return decide.apply(request, agent);
      }

      @Override
      public ToolCall normalize(InspectedRequest request) {
        return base.normalize(request);
      }

      @Override
      public String storedPath(String host, String path) {
        return base.storedPath(host, path);
      }

      @Override
      public EnforcementMode mode(String env) {
        return base.mode(env);
      }
    };
    return new ProxyContext(context.config(), context.agents(), context.guard(), context.mitm(),
        context.upstreamTls(), replaced, context.traces(), context.passthrough(), context.stats(),
        context.connectionLimit(), context.upstreamPool());
  }
}
