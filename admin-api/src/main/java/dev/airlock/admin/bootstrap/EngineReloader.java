package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

/**
 * Reads the engine's inputs from the store and installs them: after an admin API change on this
 * node (before the API answers) and on every change announced by any node. Reloads are serialized,
 * so a slower read can never install an older state over a newer one. Blocking JDBC.
 */
public final class EngineReloader implements Runnable {
  private final EngineInputsLoader loader;
  private final Consumer<EngineInputs> install;

  /** @param install puts freshly read inputs in force (the engine's policies, the tool catalog) */
  public EngineReloader(EngineInputsLoader loader, Consumer<EngineInputs> install) {
    this.loader = requireNonNull(loader, "loader");
    this.install = requireNonNull(install, "install");
  }

  @Override
  public synchronized void run() {
    install.accept(loader.load());
  }
}
