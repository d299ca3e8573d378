package dev.airlock.admin.export;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name of the host this node runs on, as exports name it ({@code host} of Splunk events,
 * {@code hostname} of Datadog logs). Looked up once at startup: the lookup may ask a resolver.
 */
public final class NodeHost {
  private NodeHost() {}

  /** {@code $HOSTNAME} when set, else the local host name, else {@code airlock}. */
  public static String name() {
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "airlock";
    }
  }
}
