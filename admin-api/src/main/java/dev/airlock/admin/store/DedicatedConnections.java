package dev.airlock.admin.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a connection of its own, outside the pool: for a session that must stay open and idle
 * for as long as the node runs, such as a LISTEN. The caller closes it.
 */
@FunctionalInterface
public interface DedicatedConnections {
  Connection open() throws SQLException;
}
