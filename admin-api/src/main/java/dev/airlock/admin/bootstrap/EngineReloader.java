package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.airlock.proxy.policy.PolicyEngine;

/**
 * Reads the engine's inputs from the store and installs them: after an admin API change on this
 * node (before the API answers) and on every change announced by any node. Reloads are serialized,
 * so a slower read can never install an older state over a newer one. Blocking JDBC.
 */
public final class EngineReloader implements Runnable {
  private final EngineInputsLoader loader;
  private final PolicyEngine engine;

  public EngineReloader(EngineInputsLoader loader, PolicyEngine engine) {
    this.loader = requireNonNull(loader, "loader");
    this.engine = requireNonNull(engine, "engine");
  }

  @Override
  public synchronized void run() {
    loader.load().installInto(engine);
  }
}
