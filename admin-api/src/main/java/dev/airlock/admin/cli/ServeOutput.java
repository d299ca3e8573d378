package dev.airlock.admin.cli;

import dev.airlock.admin.config.Durations;

import dev.airlock.admin.AirlockNode;
import dev.airlock.admin.NodeEvents;
import dev.airlock.admin.bootstrap.BootstrapResult;
import dev.airlock.admin.config.NodeSettings;
import dev.airlock.proxy.detect.GitleaksRules;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code airlock serve} prints: the banner once the node runs, a line when its database is
 * out of reach, and the first-start lines (agent key, admin token, quickstart.env) as soon as the
 * store is ready, which may be after the banner when the database came up late.
 */
final class ServeOutput implements NodeEvents {
  private final PrintWriter out;
  private boolean bannerPrinted;
  private boolean bootstrapPrinted;

  ServeOutput(PrintWriter out) {
    this.out = out;
  }

  /**
   * How many operator rules the gitleaks rule files brought, and each rule skipped because it
   * cannot apply to request text (it only matches file paths, or only serves a composite rule).
   */
  synchronized void ruleFiles(GitleaksRules rules) {
    if (rules.rules().isEmpty() && rules.skipped().isEmpty()) {
      return;
    }
    out.println("airlock: detectors.rule_files: " + count(rules.rules().size()) + " loaded"
        + (rules.skipped().isEmpty() ? "" : ", " + rules.skipped().size() + " skipped (cannot apply to request text):"));
    for (String skipped : rules.skipped()) {
      out.println("  " + skipped);
    }
    out.flush();
  }

  private static String count(int rules) {
    return rules + (rules == 1 ? " rule" : " rules");
  }

  @Override
  public synchronized void storeUnavailable(String reason) {
    out.println("airlock: " + reason.replaceAll("[.\\s]+$", "")
        + "; serving the proxy and admin API without it and retrying in the background");
    out.flush();
  }

  @Override
  public synchronized void storeOpened(BootstrapResult bootstrap) {
    if (!bannerPrinted || bootstrapPrinted) {
      return; // the banner prints it
    }
    out.println("The database is reachable now: agents are served.");
    printBootstrap(bootstrap);
    out.flush();
  }

  synchronized void banner(AirlockNode node) {
    NodeSettings s = node.settings();
    Path data = s.dataDir().toAbsolutePath();
    out.println("Airlock is running.");
    out.println("  proxy      http://" + s.proxy().listenHost() + ":" + node.proxyPort());
    out.println("  admin API  http://" + s.adminHost() + ":" + node.adminPort() + "/api/v1");
    out.println("  CA         " + data.resolve("ca/ca.pem") + "   (agents must trust it)");
    bannerPrinted = true;
    BootstrapResult b = node.bootstrap();
    if (b != null) {
      printBootstrap(b);
    } else {
      out.println("Waiting for the database: agents get 503 AUTH_UNAVAILABLE and the admin API 503 until it"
          + " answers; the first-start setup is printed then.");
    }
    out.println("Stop with Ctrl-C (or SIGTERM): exchanges in progress get "
        + Durations.describe(s.shutdownGrace()) + " to finish.");
    out.flush();
  }

  private void printBootstrap(BootstrapResult b) {
    bootstrapPrinted = true;
    if (b.firstStart()) {
      out.println("First start: created environment 'default', agent 'local-agent' and "
          + b.loadedPolicies().size() + " starter policies " + b.loadedPolicies() + ".");
    }
    b.newAgentKey().ifPresent(k -> out.println("  agent key    " + k + "   (shown once; also in quickstart.env)"));
    b.newAdminToken().ifPresent(t -> out.println("  admin token  " + t + "   (shown once; also in "
        + b.adminTokenFile().toAbsolutePath() + ")"));
    if (b.quickstartHasAgentKey()) {
      out.println("Point an agent at it:  source " + b.quickstartFile().toAbsolutePath());
      out.println("  then e.g.  curl https://api.github.com/zen   (requests now go through Airlock)");
    } else {
      out.println("The agent key is not in " + b.quickstartFile().toAbsolutePath()
          + " any more: create one with 'airlock agent create NAME --env default'.");
    }
  }
}
