package dev.airlock.admin.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A real database that can be made unreachable: while {@link #down} is set, connections are refused. */
public final class SwitchableDataSource implements DataSource {
  public final AtomicBoolean down = new AtomicBoolean();
  private final DataSource real;

  public SwitchableDataSource(DataSource real) {
    this.real = real;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (down.get()) {
      throw new SQLException("Connection refused", "08001");
    }
    return real.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
