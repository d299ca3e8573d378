package dev.airlock.admin.alerts.siem;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name for the syslog HOSTNAME field. */
final class LocalHost {
  private LocalHost() {}

  static String name() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "-";
    }
  }
}
