package dev.airlock.admin;

import dev.airlock.admin.bootstrap.BootstrapResult;

/** What a starting node tells the person who started it, beyond its logs. */
public interface NodeEvents {
  NodeEvents NONE = new NodeEvents() {};

  /**
   * The store cannot be opened (database down or refusing us); the node serves anyway and keeps
   * retrying. Called once when the node starts so, and again only if the reason changes.
   */
  default void storeUnavailable(String reason) {}

  /** The store opened after the node had started without it. */
  default void storeOpened(BootstrapResult bootstrap) {}
}
