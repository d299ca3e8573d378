package dev.airlock.admin.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What was given on the command line for {@code serve}; null / empty means "not given".
 */
public record ServeFlags(
    Path dataDir,
    Path configFile,
    String db,
    String proxyListen,
    String adminListen,
    Path upstreamTrust,
    List<String> connectTo,
    List<String> allowPrivate,
    Path policiesDir,
    Path toolsDir,
    String shutdownGrace,
    Path caKeyFile,
    boolean adoptCa,
    boolean recordCa) {

  public ServeFlags {
    connectTo = connectTo == null ? List.of() : List.copyOf(connectTo);
    allowPrivate = allowPrivate == null ? List.of() : List.copyOf(allowPrivate);
  }

  /** Without the CA options. */
  public ServeFlags(Path dataDir, Path configFile, String db, String proxyListen, String adminListen,
      Path upstreamTrust, List<String> connectTo, List<String> allowPrivate, Path policiesDir, Path toolsDir,
      String shutdownGrace) {
    this(dataDir, configFile, db, proxyListen, adminListen, upstreamTrust, connectTo, allowPrivate, policiesDir,
        toolsDir, shutdownGrace, null, false, false);
  }

  /** Without {@code --shutdown-grace}. */
  public ServeFlags(Path dataDir, Path configFile, String db, String proxyListen, String adminListen,
      Path upstreamTrust, List<String> connectTo, List<String> allowPrivate, Path policiesDir, Path toolsDir) {
    this(dataDir, configFile, db, proxyListen, adminListen, upstreamTrust, connectTo, allowPrivate, policiesDir,
        toolsDir, null);
  }

  public static ServeFlags none() {
    return new ServeFlags(null, null, null, null, null, null, List.of(), List.of(), null, null, null, null, false, false);
  }
}
