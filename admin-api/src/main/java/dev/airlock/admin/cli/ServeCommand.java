package dev.airlock.admin.cli;

import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.config.Durations;
import dev.airlock.admin.config.NodeSettings;
import dev.airlock.admin.config.ServeFlags;
import dev.airlock.admin.config.SettingsResolver;
import dev.airlock.admin.store.Causes;
import dev.airlock.admin.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock serve}: runs the proxy and the admin API in this process until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Run the Airlock proxy and admin API until interrupted (Ctrl-C / SIGTERM).",
        "With no configuration: proxy on 127.0.0.1:3128, admin API on 127.0.0.1:3180, data in ./data with an "
            + "embedded PostgreSQL. The first start creates the CA, the 'default' environment, the starter "
            + "policies, the agent 'local-agent' and an admin token, and writes DATA/quickstart.env.",
        "Every option can also be set as an AIRLOCK_* environment variable (shown in brackets) or in the "
            + "--config YAML file; flags win over variables, variables over the file."})
public final class ServeCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory [AIRLOCK_DATA_DIR] (default: ./data).")
  Path dataDir;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file [AIRLOCK_CONFIG]; see conf/airlock.example.yaml.")
  Path config;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "External PostgreSQL, e.g. jdbc:postgresql://host:5432/airlock?user=u [AIRLOCK_DB_URL] "
          + "(default: embedded PostgreSQL under DATA/pg).")
  String db;

  @Option(names = "--proxy-listen", paramLabel = "HOST:PORT",
      description = "Proxy address [AIRLOCK_PROXY_LISTEN] (default: 127.0.0.1:3128; port 0 = any free port).")
  String proxyListen;

  @Option(names = "--admin-listen", paramLabel = "HOST:PORT",
      description = "Admin API address [AIRLOCK_ADMIN_LISTEN] (default: 127.0.0.1:3180; port 0 = any free port).")
  String adminListen;

  @Option(names = "--upstream-trust", paramLabel = "FILE",
      description = "PEM bundle of extra CAs upstream servers may chain to, on top of the system CAs "
          + "[AIRLOCK_UPSTREAM_TRUST]. Upstream certificates are always verified.")
  Path upstreamTrust;

  @Option(names = "--connect-to", paramLabel = "HOST:PORT:ADDR:PORT2",
      description = "Send upstream connections for HOST:PORT to ADDR:PORT2; SNI, Host and certificate checks "
          + "still use HOST (repeatable) [AIRLOCK_CONNECT_TO, comma-separated].")
  List<String> connectTo;

  @Option(names = "--allow-private", paramLabel = "CIDR",
      description = "Exempt a range from the private-address guard (repeatable) [AIRLOCK_ALLOW_PRIVATE].")
  List<String> allowPrivate;

  @Option(names = "--policies-dir", paramLabel = "DIR",
      description = "Starter policies loaded into an empty store [AIRLOCK_POLICIES_DIR] (default: conf/policies).")
  Path policiesDir;

  @Option(names = "--tools-dir", paramLabel = "DIR",
      description = "Operator tool catalog entries [AIRLOCK_TOOLS_DIR] (default: conf/tools).")
  Path toolsDir;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION",
      description = "On SIGTERM or Ctrl-C, how long exchanges in progress may take to finish before they are cut "
          + "[AIRLOCK_SHUTDOWN_GRACE] (default: 30s). A second signal stops at once.")
  String shutdownGrace;

  @Option(names = "--ca-key-file", paramLabel = "FILE",
      description = "The deployment's CA key: 32 random bytes in base64 (openssl rand -base64 32), the same file on "
          + "every node [AIRLOCK_CA_KEY_FILE, or the key itself in AIRLOCK_CA_KEY]. The first node seals its CA key "
          + "with it into the database; later nodes take the CA from there. Without it each node keeps its CA key "
          + "in DATA/ca and nodes must be given the same ca.pem and ca.key.")
  Path caKeyFile;

  @Option(names = "--adopt-ca",
      description = "When this node's CA in DATA/ca is not the deployment's CA, replace it with the deployment's "
          + "(needs the CA key; the old files are kept in DATA/ca/replaced-*) instead of refusing to start "
          + "[AIRLOCK_ADOPT_CA].")
  boolean adoptCa;

  @Option(names = "--record-ca",
      description = "When this node's CA in DATA/ca is not the deployment's CA, make it the deployment's CA "
          + "instead of refusing to start: after replacing the CA on purpose ('airlock ca init --force'). Every "
          + "other node must then be given the new CA, and agents must trust it [AIRLOCK_RECORD_CA].")
  boolean recordCa;

  @Override
  public Integer call() throws Exception {
    NodeSettings settings = new SettingsResolver(System.getenv()).resolve(new ServeFlags(dataDir, config, db,
        proxyListen, adminListen, upstreamTrust, connectTo, allowPrivate, policiesDir, toolsDir, shutdownGrace,
        caKeyFile, adoptCa, recordCa));
    PrintWriter out = spec.commandLine().getOut();
    out.println("airlock: starting (data in " + settings.dataDir().toAbsolutePath()
        + (settings.dbUrl() == null ? ", embedded PostgreSQL" : ", external PostgreSQL") + ")...");
    out.flush();
    ServeOutput output = new ServeOutput(out);
    output.ruleFiles(settings.detectors().ruleFiles());
    AirlockNode node = start(settings, output);
    CountDownLatch stopped = new CountDownLatch(1);
    StopSignals.install(() -> new Thread(() -> {
      try {
        node.stop(settings.shutdownGrace());
      } finally {
        stopped.countDown();
      }
    }, "airlock-stop").start(), node::cutDrain);
    // Any other way the JVM ends (SIGHUP, System.exit): close at least, without the drain.
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "airlock-shutdown"));
    output.banner(node);
    stopped.await();
    return 0;
  }

  /** Starts the node; a failure to start is the operator's to fix, so it is one line, not a stack trace. */
  private static AirlockNode start(NodeSettings settings, ServeOutput output) throws Exception {
    try {
      return AirlockNode.start(settings, output);
    } catch (StoreException | IllegalStateException | IOException | UncheckedIOException e) {
      throw new CliException(Causes.oneLine(e));
    }
  }
}
