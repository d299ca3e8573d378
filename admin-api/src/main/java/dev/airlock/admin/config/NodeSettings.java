package dev.airlock.admin.config;

import dev.airlock.admin.alerts.AlertSettings;
import dev.airlock.admin.incidents.IncidentConfig;
import dev.airlock.admin.store.RetentionWindows;
import dev.airlock.proxy.config.ProxyConfig;
import dev.airlock.proxy.exfil.ReadFingerprints;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one {@code airlock serve} node runs with, resolved from flags, AIRLOCK_* environment
 * variables, the config file and defaults (in that order of precedence).
 *
 * @param dataDir data directory (CA, embedded database, tokens, spool)
 * @param dbUrl external PostgreSQL JDBC URL, or null for the embedded database
 * @param proxy data-plane settings
 * @param adminHost admin API bind address
 * @param adminPort admin API port (0 = any free port)
 * @param policiesDir starter policies loaded on first start
 * @param toolsDir operator tool catalog directory (may not exist)
 * @param detectors detector settings
 * @param shutdownGrace how long a stopping node lets exchanges in progress finish
 * @param ca how this node finds the deployment's CA
 * @param retention how long traces are kept
 * @param approvals grant window and expiry of approvals
 * @param readThenWrite how long and how many values read in responses are remembered per agent
 * @param threatIntelDir threat-intel feed files ({@code *.txt}, {@code *.csv}), watched for changes
 *     (may not exist)
 * @param risk risk weights, working hours, burst threshold and trust decay
 * @param integrations how the node answers the chat apps whose buttons decide approvals
 * @param incidents incident triggers, their auto-actions and the ticket systems
 * @param alerts alert channels declared in the file, trace links, delivery attempts
 */
public record NodeSettings(Path dataDir, String dbUrl, ProxyConfig proxy, String adminHost, int adminPort,
    Path policiesDir, Path toolsDir, DetectorConfig detectors, Duration shutdownGrace, CaSettings ca,
    RetentionWindows retention, ApprovalSettings approvals,
    ReadFingerprints.Settings readThenWrite, Path threatIntelDir, RiskSettings risk,
    IntegrationSettings integrations, IncidentConfig incidents, AlertSettings alerts) {

  public NodeSettings {
    risk = risk == null ? RiskSettings.defaults() : risk;
    integrations = integrations == null ? IntegrationSettings.defaults() : integrations;
    incidents = incidents == null ? IncidentConfig.defaults() : incidents;
    alerts = alerts == null ? AlertSettings.defaults() : alerts;
  }

  @Override
  public String toString() {
    String db = dbUrl == null ? "embedded" : dbUrl.replaceAll("password=[^&]*", "password=***");
    return "NodeSettings[dataDir=" + dataDir + ", db=" + db + ", proxy=" + proxy.listenHost() + ":"
        + proxy.listenPort() + ", admin=" + adminHost + ":" + adminPort + ", " + ca + "]";
  }
}
