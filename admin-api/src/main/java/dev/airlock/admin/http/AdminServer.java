package dev.airlock.admin.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.export.NodeHost;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.admin.integrations.ChatIntegrations;
import dev.airlock.admin.alerts.AlertChannels;
import dev.airlock.admin.metrics.NodeStatus;
import dev.airlock.admin.store.Approval;
import dev.airlock.admin.store.PolicyValidator;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.proxy.intel.ThreatIntel;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API over HTTP/1.1 on its own small event loop group, separate from the proxy's so
 * that admin traffic never competes with agent traffic. Handlers run on {@code storeExecutor}.
 *
 * <p>It also serves {@code /metrics} and {@code /api/v1/status} from {@code status}, and the
 * endpoints chat apps call when someone clicks Approve or Deny ({@link ChatIntegrations}).
 *
 * <p>{@code policiesChanged} runs (on the store executor) after every mutation of policies,
 * environments or tools; the node recompiles the engine snapshot and reloads the tool catalog in it.
 * Deleting an environment also hands each agent deleted with it to {@code agentChanged}.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  private final String host;
  private final int requestedPort;
  private final AdminInitializer initializer;
  private EventLoopGroup group;
  private Channel channel;
  private int boundPort;

  /** A server wired by {@code b}; see {@link Builder} for what each part is and its default. */
  private AdminServer(Builder b) {
    StoreRepositories store = b.store;
    PolicyValidator validator = b.validator;
    BooleanSupplier databaseReady = b.databaseReady;
    Executor storeExecutor = b.storeExecutor;
    String host = b.host;
    int port = b.port;
    Runnable policiesChanged = b.policiesChanged;
    NodeStatus status = b.status;
    BooleanSupplier storeOpen = b.storeOpen;
    Consumer<String> agentChanged = b.agentChanged;
    Consumer<Approval> approvalDecided = b.approvalDecided;
    ScanBackend scan = b.scan;
    ThreatIntel intel = b.intel;
    Runnable threatIntelChanged = b.threatIntelChanged;
    ChatIntegrations chat = b.chat;
    Incidents incidents = b.incidents;
    AlertChannels alerts = b.alerts;
    requireNonNull(chat, "chat");
    requireNonNull(intel, "intel");
    requireNonNull(threatIntelChanged, "threatIntelChanged");
    requireNonNull(store, "store");
    requireNonNull(approvalDecided, "approvalDecided");
    requireNonNull(storeOpen, "storeOpen");
    requireNonNull(agentChanged, "agentChanged");
    requireNonNull(validator, "validator");
    requireNonNull(databaseReady, "databaseReady");
    requireNonNull(storeExecutor, "storeExecutor");
    requireNonNull(policiesChanged, "policiesChanged");
    requireNonNull(status, "status");
    this.host = requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    this.requestedPort = port;
    ObjectMapper json = new ObjectMapper();
    Clock clock = Clock.systemUTC();
    Envelope envelope = new Envelope(clock);
    Views views = new Views(json);
    Runnable changed = () -> notifyChanged(policiesChanged);
    BearerAuth auth = new BearerAuth(store.adminTokens());
    Map<String, ResourceHandler> resources = new HashMap<>(
        Map.ofEntries(
            Map.entry("environments", new EnvironmentsHandler(store.environments(), json, views, envelope, clock,
                changed, agentChanged, auth)),
            Map.entry("api-keys", new ApiKeysHandler(store.adminTokens(), json, views, envelope, clock, auth)),
            Map.entry("agents", new AgentsHandler(store.agents(), json, views, envelope, clock, agentChanged)),
            Map.entry("policies", policies(store, validator, json, views, envelope, clock, changed)),
            Map.entry("tools", new ToolsHandler(store.tools(), json, envelope, changed)),
            Map.entry("traces", new TracesHandler(store.traces(), envelope, clock)),
            Map.entry("decisions", new DecisionsExportHandler(store.traces(), json, clock, NodeHost.name())),
            Map.entry("audit", new AuditHandler(store.audit(), envelope, clock)),
            Map.entry("approvals", new ApprovalsHandler(store.approvals(), json, envelope, clock, approvalDecided)),
            Map.entry("threat-intel", new ThreatIntelHandler(store.threatFeeds(), intel, json, envelope,
                () -> notifyChanged(threatIntelChanged))),
            Map.entry("status", new StatusHandler(status, databaseReady, this::listenAddress, envelope))));
    if (incidents != null) {
      resources.put("incidents", new IncidentsHandler(incidents, store.traces(), json, envelope, clock));
    }
    if (alerts != null) {
      resources.put("alert-channels", new AlertChannelsHandler(alerts, json, envelope));
    }
    Router router = new Router(resources, auth, databaseReady, storeOpen,
        envelope, status.metrics(), scan == null ? null : new ScanHandler(scan, json, envelope),
        new IntegrationsHandler(chat.endpoints(store.approvals(), approvalDecided, clock, json), envelope));
    this.initializer =
        new AdminInitializer(
            () -> new AdminHttpHandler(router, envelope, json, storeExecutor), envelope, json);
  }

  private static PoliciesHandler policies(StoreRepositories store, PolicyValidator validator, ObjectMapper json,
      Views views, Envelope envelope, Clock clock, Runnable changed) {
    PolicyChanges changes = new PolicyChanges(validator, store.environments(), views);
    return new PoliciesHandler(store.policies(), store.environments(), changes, new PolicyBody(json), views,
        envelope, changed,
        new PolicySimulationHandler(store.policies(), store.environments(), store.agents(), store.traces(), json,
            envelope, clock),
        new PolicyHistoryHandler(store.policies(), store.environments(), changes, json, views, envelope, changed));
  }

  /** Binds and starts serving; returns this. */
  public synchronized AdminServer start() {
    if (group != null) {
      throw new IllegalStateException("already started");
    }
    group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-http"), NioIoHandler.newFactory());
    try {
      channel =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(initializer)
              .bind(host, requestedPort)
              .syncUninterruptibly()
              .channel();
      boundPort = ((InetSocketAddress) channel.localAddress()).getPort();
    } catch (Exception e) { // bind() reports a port in use as a checked BindException
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      group = null;
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** The bound port (the chosen one when constructed with port 0). */
  public synchronized int port() {
    if (boundPort == 0) {
      throw new IllegalStateException("not started");
    }
    return boundPort;
  }

  public String host() {
    return host;
  }

  private String listenAddress() {
    return NodeStatus.authority(host, port());
  }

  /** Stops listening and closes connections; safe to call twice. */
  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      channel = null;
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      group = null;
    }
  }

  private static void notifyChanged(Runnable policiesChanged) {
    try {
      policiesChanged.run();
    } catch (RuntimeException e) {
      // The change is stored; the node keeps its previous snapshot until the next change or resync.
      log.error("applying the change to this node failed: {}", e.getMessage(), e);
    }
  }

  /** A builder for a server; {@code build()} checks that every required part was given. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The parts of a server. Required: {@code store}, {@code validator}, {@code databaseReady},
   * {@code storeExecutor}, {@code host}, {@code port}, {@code policiesChanged}, {@code status},
   * {@code storeOpen} and {@code agentChanged}; the others have the defaults their setters name.
   */
  public static final class Builder {
    private StoreRepositories store;
    private PolicyValidator validator;
    private BooleanSupplier databaseReady;
    private Executor storeExecutor;
    private String host;
    private int port = -1;
    private Runnable policiesChanged;
    private NodeStatus status;
    private BooleanSupplier storeOpen;
    private Consumer<String> agentChanged;
    private Consumer<Approval> approvalDecided = approval -> { };
    private ScanBackend scan;
    private ThreatIntel intel = new ThreatIntel();
    private Runnable threatIntelChanged = () -> { };
    private ChatIntegrations chat = ChatIntegrations.NONE;
    private Incidents incidents;
    private AlertChannels alerts;

    private Builder() {}

    public Builder store(StoreRepositories store) {
      this.store = store;
      return this;
    }

    public Builder validator(PolicyValidator validator) {
      this.validator = validator;
      return this;
    }

    public Builder databaseReady(BooleanSupplier databaseReady) {
      this.databaseReady = databaseReady;
      return this;
    }

    /** Where the handlers run. */
    public Builder storeExecutor(Executor storeExecutor) {
      this.storeExecutor = storeExecutor;
      return this;
    }

    /** The address to listen on; port 0 picks a free port. */
    public Builder listen(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    public Builder policiesChanged(Runnable policiesChanged) {
      this.policiesChanged = policiesChanged;
      return this;
    }

    public Builder status(NodeStatus status) {
      this.status = status;
      return this;
    }

    /**
     * False while the node waits for its database to be reached and migrated: the API then answers
     * 503 instead of touching the store.
     */
    public Builder storeOpen(BooleanSupplier storeOpen) {
      this.storeOpen = storeOpen;
      return this;
    }

    /**
     * Runs (on the store executor) after the API changed an agent or its keys and before it answers,
     * with the agent's id: the node reloads it into its agent directory.
     */
    public Builder agentChanged(Consumer<String> agentChanged) {
      this.agentChanged = agentChanged;
      return this;
    }

    /**
     * Runs (on the store executor) after the API decided an approval and before it answers: the node
     * completes the requests it holds for it at once. Default: nothing.
     */
    public Builder approvalDecided(Consumer<Approval> approvalDecided) {
      this.approvalDecided = approvalDecided;
      return this;
    }

    /** Serves {@code POST /api/v1/scan}. Default null: not served. */
    public Builder scan(ScanBackend scan) {
      this.scan = scan;
      return this;
    }

    /**
     * This node's threat-intel feeds, listed by the API with what this node loaded, and what runs (on
     * the store executor) after the API changed a feed and before it answers: the node reloads the
     * stored feeds into {@code intel}. Default: empty feeds, nothing run.
     */
    public Builder threatIntel(ThreatIntel intel, Runnable threatIntelChanged) {
      this.intel = intel;
      this.threatIntelChanged = threatIntelChanged;
      return this;
    }

    /**
     * The secrets the chat app endpoints ({@code /api/v1/integrations/slack/interactions},
     * {@code /api/v1/integrations/telegram/webhook}) verify their callers against; a decision taken
     * there is handed to {@code approvalDecided} like one taken through the API. Default: none.
     */
    public Builder chat(ChatIntegrations chat) {
      this.chat = chat;
      return this;
    }

    /** Serves {@code /api/v1/incidents}. Default null: not served. */
    public Builder incidents(Incidents incidents) {
      this.incidents = incidents;
      return this;
    }

    /** Serves {@code /api/v1/alert-channels}. Default null: not served. */
    public Builder alerts(AlertChannels alerts) {
      this.alerts = alerts;
      return this;
    }

    public AdminServer build() {
      return new AdminServer(this);
    }
  }
}
