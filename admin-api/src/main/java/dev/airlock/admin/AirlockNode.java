package dev.airlock.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.admin.alerts.AlertSink;
import dev.airlock.admin.alerts.ApprovalAlerts;
import dev.airlock.admin.alerts.IntegrationSecrets;
import dev.airlock.admin.alerts.NodeAlerts;
import dev.airlock.admin.approvals.ApprovalExpiry;
import dev.airlock.admin.approvals.StoreApprovalGate;
import dev.airlock.admin.bootstrap.Bootstrap;
import dev.airlock.admin.bootstrap.BootstrapResult;
import dev.airlock.admin.bootstrap.Endpoints;
import dev.airlock.admin.bootstrap.EngineInputsLoader;
import dev.airlock.admin.bootstrap.EngineReloader;
import dev.airlock.admin.ca.DeploymentCa;
import dev.airlock.admin.config.ConfigException;
import dev.airlock.admin.config.Durations;
import dev.airlock.admin.config.NodeSettings;
import dev.airlock.admin.http.AdminServer;
import dev.airlock.admin.incidents.Incidents;
import dev.airlock.admin.http.ScanBackend;
import dev.airlock.admin.integrations.ChatIntegrations;
import dev.airlock.admin.metrics.NodeMetrics;
import dev.airlock.admin.metrics.NodeStatus;
import dev.airlock.admin.metrics.RequestMetrics;
import dev.airlock.admin.store.BoundedExecutor;
import dev.airlock.admin.store.ChangeFeed;
import dev.airlock.admin.store.Database;
import dev.airlock.admin.store.DeploymentCaRepository;
import dev.airlock.admin.store.DestinationRepository;
import dev.airlock.admin.store.RiskStore;
import dev.airlock.admin.store.TrustRepository;
import dev.airlock.admin.store.ParserPolicyValidator;
import dev.airlock.admin.store.StoreAgentDirectory;
import dev.airlock.admin.store.StoreException;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.TraceMaintenance;
import dev.airlock.admin.store.TraceObserver;
import dev.airlock.admin.store.TracePartitions;
import dev.airlock.admin.store.TraceRetention;
import dev.airlock.admin.store.TraceWriter;
import dev.airlock.certs.CertificateAuthority;
import dev.airlock.certs.CertsException;
import dev.airlock.certs.LeafCache;
import dev.airlock.certs.LeafCertificate;
import dev.airlock.certs.LeafMinter;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Redactor;
import dev.airlock.admin.intel.StoredFeedsReload;
import dev.airlock.proxy.exfil.ReadFingerprints;
import dev.airlock.proxy.exfil.ReadThenWriteObserver;
import dev.airlock.proxy.exfil.ResponseFingerprinter;
import dev.airlock.proxy.exfil.ValueFingerprints;
import dev.airlock.proxy.inspect.InspectingDecider;
import dev.airlock.proxy.inspect.Observer;
import dev.airlock.proxy.intel.FeedDirectory;
import dev.airlock.proxy.intel.ThreatIntel;
import dev.airlock.proxy.intel.ThreatIntelObserver;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.risk.Burst;
import dev.airlock.proxy.risk.NewDestinations;
import dev.airlock.proxy.risk.TraceTrust;
import dev.airlock.proxy.risk.TrustEvent;
import dev.airlock.proxy.risk.TrustBook;
import dev.airlock.proxy.server.AgentConnectionLimit;
import dev.airlock.proxy.server.ConnectionCaps;
import dev.airlock.proxy.server.DestinationGuard;
import dev.airlock.proxy.server.HostGlobs;
import dev.airlock.proxy.server.LeafSource;
import dev.airlock.proxy.server.MitmContexts;
import dev.airlock.proxy.server.ProxyContext;
import dev.airlock.proxy.server.ProxyServer;
import dev.airlock.proxy.server.ProxyStats;
import dev.airlock.proxy.server.ScanService;
import dev.airlock.proxy.server.UpstreamPool;
import dev.airlock.proxy.server.UpstreamTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Airlock node: store, proxy and admin API in one process. The only place that wires
 * the big parts together; everything it starts is closed in reverse order.
 */
public final class AirlockNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AirlockNode.class);
  /** How often the threat-intel directory is checked for added, changed and removed feed files. */
  private static final Duration FEED_FILE_CHECK = Duration.ofSeconds(1);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final NodeSettings settings;
  private final IntegrationSecrets integrations;
  private InetSocketAddress proxyAddress;
  private ProxyServer proxy;
  private AdminServer admin;
  private StoreStartup startup;
  private volatile CertificateAuthority ca;
  private ResponseFingerprinter responseScanner;
  private TrustBook trust;
  /** Alert channels: what incidents publish to, and the secrets the chat integrations verify against. */
  private NodeAlerts alerts;

  private AirlockNode(NodeSettings settings, IntegrationSecrets integrations) {
    this.settings = settings;
    this.integrations = java.util.Objects.requireNonNull(integrations, "integrations");
  }

  /** Starts a node; on failure everything already started is closed again. */
  public static AirlockNode start(NodeSettings settings) throws Exception {
    return start(settings, IntegrationSecrets.NONE);
  }

  /**
   * Starts a node whose chat approval endpoints verify their callers against {@code integrations};
   * on failure everything already started is closed again.
   */
  public static AirlockNode start(NodeSettings settings, IntegrationSecrets integrations) throws Exception {
    return start(settings, new NodeEvents() {
      @Override
      public void storeUnavailable(String reason) {
        LOG.warn("{}; serving without it and retrying", reason);
      }
    }, integrations);
  }

  /**
   * Starts a node; on failure everything already started is closed again. An external database
   * that does not answer is no failure: the node serves without it, retries in the background and
   * tells {@code events}.
   */
  public static AirlockNode start(NodeSettings settings, NodeEvents events) throws Exception {
    return start(settings, events, IntegrationSecrets.NONE);
  }

  /**
   * As {@link #start(NodeSettings, NodeEvents)}, with the secrets the chat approval endpoints
   * (Slack interactions, Telegram webhook) verify their callers against; {@link
   * IntegrationSecrets#NONE} means those of the node's own alert channels.
   */
  public static AirlockNode start(NodeSettings settings, NodeEvents events, IntegrationSecrets integrations)
      throws Exception {
    AirlockNode node = new AirlockNode(settings, integrations);
    try {
      node.startAll(events);
      return node;
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  private void startAll(NodeEvents events) throws Exception {
    ConnectionCaps caps = connectionCaps(settings.proxy());
    Path data = settings.dataDir();
    Files.createDirectories(data);
    ObjectMapper json = new ObjectMapper();

    ExecutorService storeExec = own(BoundedExecutor.create("airlock-store", 4, 10_000));
    ExecutorService certExec = own(Executors.newFixedThreadPool(2, daemon("airlock-certs")));
    ExecutorService dnsExec = own(Executors.newFixedThreadPool(4, daemon("airlock-dns")));

    // An external database is only connected to here; it is migrated once it answers (below).
    Database db = settings.dbUrl() == null ? Database.embedded(data)
        : Database.connect(settings.dbUrl(), Database.PoolSettings.defaults());
    resources.push(db);
    StoreRepositories store = StoreRepositories.on(db.dataSource(), settings.approvals().expireAfter());
    // Alert channels and their outbox: events matched in memory, written and delivered off the proxy's path.
    NodeAlerts alerts = NodeAlerts.standard(db.dataSource(), store.audit(),
        slug -> store.environments().find(slug).isPresent(), settings.alerts());
    this.alerts = alerts;
    StoreApprovalGate approvals = new StoreApprovalGate(store.approvals(), storeExec, Clock.systemUTC(),
        settings.approvals().grantWindow());
    StoreAgentDirectory directory = new StoreAgentDirectory(db.dataSource(), db::openDedicated, storeExec,
        StoreAgentDirectory.Settings.defaults());
    resources.push(directory);

    PolicyEngine engine = new PolicyEngine(settings.risk().model());
    NewDestinations destinations = new NewDestinations();
    TrustBook trust = new TrustBook(settings.risk().trustHalfLife(), Clock.systemUTC());
    this.trust = trust;
    RiskStore riskStore = new RiskStore(destinations, trust, new DestinationRepository(db.dataSource()),
        new TrustRepository(db.dataSource()), Duration.ofMillis(500));
    resources.push(riskStore);
    ProxyConfig pc = settings.proxy();
    LiveToolCatalog catalog = new LiveToolCatalog(
        pc.toolsDir() != null && Files.isDirectory(pc.toolsDir()) ? pc.toolsDir() : null);
    EngineReloader reload = new EngineReloader(new EngineInputsLoader(store), inputs -> {
      catalog.install(inputs.tools());
      inputs.installInto(engine);
    });
    // What other nodes commit reaches this one by notification: one reload per kind of data.
    // Threat intel: feed files watched on this node, feeds stored through the API reloaded on notice.
    ThreatIntel intel = new ThreatIntel();
    resources.push(new FeedDirectory(settings.threatIntelDir(), intel).start(FEED_FILE_CHECK));
    StoredFeedsReload storedFeeds = new StoredFeedsReload(store.threatFeeds(), intel);
    // Incidents: detected from the trace stream on this executor (one thread keeps events in order).
    ExecutorService incidentExec = own(BoundedExecutor.create("airlock-incidents", 1, 10_000));
    Incidents incidents = Incidents.create(db.dataSource(), store.audit(), settings.incidents(), trust,
        alerts.publisher(), store.agents(), id -> refresh(directory, id), incidentExec, Clock.systemUTC());
    ChangeFeed changes = new ChangeFeed(db::openDedicated, StoreAgentDirectory.Settings.defaults().resyncInterval())
        .on("policies", reload)
        .on("environments", reload)
        .on("tools", reload)
        .on("approvals", approvals::reload)
        .on("threat_intel", storedFeeds)
        .on("agent_destinations", riskStore::reloadDestinations)
        .on("agent_trust", riskStore::reloadTrust)
        .on("incident_settings", incidents.rules())
        .on("scrutiny_pins", incidents.pins())
        .on("alert_channels", alerts.directory());
    resources.push(changes);
    ApprovalExpiry expiry = new ApprovalExpiry(store.approvals(), Clock.systemUTC(),
        expiryTick(settings.approvals().expireAfter()), approvals::decided);
    resources.push(expiry);
    TracePartitions partitions = new TracePartitions(db.dataSource());
    TraceMaintenance traceUpkeep = new TraceMaintenance(db.dataSource(), partitions,
        new TraceRetention(db.dataSource(), partitions, settings.retention()), Clock.systemUTC(), Duration.ofHours(1));
    resources.push(traceUpkeep);

    Detectors detectors = new Detectors(NodeDetectors.settings(settings.detectors()));
    RequestInspector inspector = new RequestInspector(catalog, detectors,
        new ExternalPrincipals(pc.orgDomains(), pc.orgGithubOwners()));
    // Read-then-write: what each agent read in responses, remembered on this node only.
    ReadFingerprints reads = new ReadFingerprints(settings.readThenWrite(), Clock.systemUTC());
    ValueFingerprints fingerprints = ValueFingerprints.random();
    responseScanner = new ResponseFingerprinter(detectors, reads, fingerprints, 1, 64L << 20);
    resources.push(responseScanner);
    // A flagged write is logged (its trace carries READ_THEN_WRITE_EXFIL); incidents attach to this listener.
    ReadThenWriteObserver.Listener flagged = (agent, call, host, decision) -> LOG.info(
        "read-then-write: agent {} of {} sent a value it read recently to {} ({}.{}), decision {}",
        agent.agent(), agent.env(), host, call.tool(), call.operation(), decision.action());
    List<Observer> observers = List.of(new ThreatIntelObserver(intel),
        new ReadThenWriteObserver(reads, fingerprints, detectors, flagged), destinations,
        new Burst(settings.risk().burstPerMinute()));
    // The CA is known once the database is: until then no agent is authenticated, so nothing is minted.
    AtomicReference<LeafMinter> minter = new AtomicReference<>();
    LeafCache leaves = new LeafCache(host -> mintWith(minter.get(), host), certExec, LeafCache.DEFAULT_MAX_ENTRIES,
        Clock.systemUTC());
    LeafSource leafSource = host -> leaves.get(host).thenApply(l -> new LeafSource.KeyMaterial(l.privateKey(), l.chain()));

    RequestMetrics requestMetrics = new RequestMetrics();
    TraceObserver detector = incidents.detector();
    // Closed after the trace writer (pushed before it): the writer's last traces still reach the outbox.
    resources.push(alerts.start(this::isStoreOpen));
    TraceWriter traces = new TraceWriter(store.traces(), data.resolve("spool"), TraceWriter.Settings.defaults(), json,
        batch -> {
          requestMetrics.observe(batch);
          detector.observe(batch);
          alerts.publisher().observe(batch);
        }).holdUntil(this::isStoreOpen).start();
    resources.push(traces);

    ProxyContext px = new ProxyContext(pc,
        directory,
        new DestinationGuard(pc.allowPrivate(), pc.connectTo(), dnsExec),
        new MitmContexts(leafSource, certExec),
        new UpstreamTls(pc.upstreamTrust(), (int) pc.timeouts().tlsHandshake().toMillis()),
        new InspectingDecider(inspector, engine, new Redactor(), observers, Clock.systemUTC()).withStanding(trust),
        new TraceTrust(traces, trust),
        new HostGlobs(pc.passthroughHosts()),
        new ProxyStats(),
        new AgentConnectionLimit(caps),
        new UpstreamPool(pc).limitOpenConnections(caps.maxUpstream()),
        new ApprovalAlerts(approvals, alerts.publisher(), alerts.directory(), Clock.systemUTC()))
        .withResponses(responseScanner);
    proxy = new ProxyServer(px);
    proxyAddress = proxy.start();
    resources.push(proxy);

    NodeStatus status = new NodeStatus(new NodeMetrics(requestMetrics, px.stats(), px.mitm(), leaves, traces)
        .withResponseScans(responseScanner).withAlerts(alerts).withIncidentDetection(incidents.detector()),
        pc.listenHost(), proxyAddress.getPort(), Clock.systemUTC());
    ParserPolicyValidator validator = new ParserPolicyValidator(json);
    StoreStartup startup = new StoreStartup(db.displayUrl(), () -> {
      db.migrate();
      ca = new DeploymentCa(data.resolve("ca"), new DeploymentCaRepository(db.dataSource()), settings.ca()).resolve();
      minter.set(new LeafMinter(ca));
      BootstrapResult b = new Bootstrap(data, store, validator).run(settings.policiesDir(),
          new Endpoints(pc.listenHost(), proxyAddress.getPort(), settings.adminHost(), admin.port()));
      reload.run();
      storedFeeds.run();
      alerts.load();
      directory.load();
      directory.listen();
      riskStore.load();
      riskStore.start();
      incidents.rules().run();
      incidents.pins().run();
      changes.start();
      traceUpkeep.start();
      expiry.start();
      return b;
    }, events, Duration.ofSeconds(5));
    admin = AdminServer.builder()
        .store(store)
        .validator(validator)
        .databaseReady(() -> startup.isOpen() && db.isReady())
        .storeExecutor(storeExec)
        .listen(settings.adminHost(), settings.adminPort())
        .policiesChanged(reload)
        .status(status)
        .storeOpen(startup::isOpen)
        .agentChanged(id -> refresh(directory, id))
        .approvalDecided(a -> {
          approvals.decided(a);
          trustOnDecision(trust, a);
        })
        .scan(new ScanBackend(directory, new ScanService(px)))
        .threatIntel(intel, storedFeeds)
        .chat(new ChatIntegrations(integrations == IntegrationSecrets.NONE ? alerts.secrets() : integrations,
            settings.integrations().slackResponseOrigin()))
        .incidents(incidents)
        .alerts(alerts.api())
        .build()
        .start();
    resources.push(admin);
    this.startup = startup;
    resources.push(startup);
    if (settings.dbUrl() == null) {
      startup.runNow();
    } else if (!startup.tryNow()) {
      startup.retryInBackground();
    }
    writePorts();
  }

  /** Often enough that an approval expires within a quarter of its lifetime late, at most a minute. */
  private static Duration expiryTick(Duration expireAfter) {
    Duration quarter = expireAfter.dividedBy(4);
    Duration min = Duration.ofSeconds(1);
    Duration max = Duration.ofMinutes(1);
    return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
  }

  private static LeafCertificate mintWith(LeafMinter minter, String host) {
    if (minter == null) {
      throw new CertsException("no CA yet: the node has not reached its database");
    }
    return minter.mint(host);
  }

  /** The connection caps checked against this process's descriptor limit, before anything starts. */
  private static ConnectionCaps connectionCaps(ProxyConfig pc) {
    ConnectionCaps caps;
    try {
      caps = ConnectionCaps.resolve(pc.limits(), ConnectionCaps.processDescriptorLimit());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("proxy.limits." + e.getMessage());
    }
    LOG.info("proxy accepts {}", caps.describe());
    return caps;
  }

  /** Applies an admin API change to this node's directory before the API answers. */
  private static void refresh(StoreAgentDirectory directory, String agentId) {
    try {
      directory.refresh(List.of(agentId));
    } catch (StoreException e) {
      // Stored but not reloaded: the change notification or the next resync brings it.
      LOG.warn("agent {} changed but could not be reloaded yet: {}", agentId, e.getMessage());
    }
  }

  private ExecutorService own(ExecutorService e) {
    resources.push(() -> {
      e.shutdown();
      if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
        e.shutdownNow();
      }
    });
    return e;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private void writePorts() throws IOException {
    String ports = "{\"proxy\": " + proxyAddress.getPort() + ", \"admin\": " + admin.port() + "}\n";
    Files.writeString(settings.dataDir().resolve("ports.json"), ports);
  }

  public int proxyPort() {
    return proxyAddress.getPort();
  }

  public int adminPort() {
    return admin.port();
  }

  /** What the first-start bootstrap did; null while the node still waits for its database. */
  public BootstrapResult bootstrap() {
    return startup == null ? null : startup.result();
  }

  /** Whether the database has been reached, migrated and loaded (agents are being served). */
  public boolean isStoreOpen() {
    return startup != null && startup.isOpen();
  }

  /** The CA this node mints from; null while the node still waits for its database. */
  public CertificateAuthority ca() {
    return ca;
  }

  /** An approval granted raises the agent's trust, one denied lowers it; expiry changes nothing. */
  private static void trustOnDecision(TrustBook trust, dev.airlock.admin.store.Approval a) {
    TrustEvent event = switch (a.status()) {
      case APPROVED -> TrustEvent.APPROVAL_GRANTED;
      case DENIED -> TrustEvent.APPROVAL_DENIED;
      default -> null;
    };
    if (event != null) {
      trust.record(a.env(), a.agent(), event, a.traceId(), a.id());
    }
  }

  /** What this node learns from the responses it relays (counts of bodies scanned and dropped). */
  public ResponseFingerprinter responseScanner() {
    return responseScanner;
  }

  /**
   * Every agent's trust on this node: where approval decisions and incident outcomes are recorded
   * ({@link TrustBook#record}) and scrutiny is pinned.
   */
  public TrustBook trust() {
    return trust;
  }

  /** Where alert events are published (incidents publish here); decisions arrive through the traces. */
  public AlertSink alertSink() {
    return alerts.publisher();
  }

  /** The secrets the chat integration endpoints verify callers against, from the alert channels. */
  public IntegrationSecrets integrationSecrets() {
    return alerts.secrets();
  }

  public NodeSettings settings() {
    return settings;
  }

  /**
   * Stops gracefully: the proxy stops accepting and lets the exchanges in progress finish within
   * {@code grace} (or until {@link #cutDrain}), then everything is closed in reverse order of
   * starting, which flushes the traces before the database stops.
   */
  public void stop(Duration grace) {
    long began = System.nanoTime();
    long cut = 0;
    if (proxy != null) {
      LOG.info("stopping: refusing new connections; exchanges in progress have {} to finish",
          Durations.describe(grace));
      cut = proxy.drain(grace);
    }
    close();
    String took = Durations.describe(Duration.ofNanos(System.nanoTime() - began));
    if (cut > 0) {
      LOG.warn("stopped in {}; {} exchange(s) still in progress were cut", took, cut);
    } else {
      LOG.info("stopped in {}", took);
    }
  }

  /** Ends the wait of a {@link #stop} in progress: exchanges still running are cut. */
  public void cutDrain() {
    if (proxy != null) {
      proxy.cutDrain();
    }
  }

  @Override
  public synchronized void close() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("error while stopping {}: {}", r.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
