package dev.airlock.admin.alerts.siem;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends syslog messages to one receiver over UDP, TCP or TLS. Stream connections are kept open
 * between calls and opened again after a failure or when the receiver has closed them. Blocking:
 * call it from a delivery thread, never from an event loop. Thread-safe (calls are serialized).
 *
 * <p>TLS verifies the receiver's certificate against {@code ca_file} only, with host name
 * verification on; there is no way to turn either off.
 */
public final class SyslogSender implements Closeable {
  private final SyslogConfig config;
  private final ScheduledExecutorService watchdog;
  private Socket socket;
  private OutputStream out;
  private DatagramSocket datagrams;
  private boolean closed;

  public SyslogSender(SyslogConfig config) {
    this.config = requireNonNull(config, "config");
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "airlock-syslog-watchdog");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Sends {@code messages} (complete RFC 5424 messages) in order. Over UDP each is one datagram, cut
   * to {@code udp_max_bytes}; over TCP/TLS they are framed and written in one flush.
   *
   * @throws IOException when the receiver cannot be reached or the write fails or times out; the
   *     connection is dropped and the next call opens a new one, so the caller may retry the batch
   *     (a receiver may then see some messages twice, never none)
   */
  public synchronized void send(List<String> messages) throws IOException {
    requireNonNull(messages, "messages");
    if (closed) {
      throw new IOException("syslog sender closed");
    }
    if (messages.isEmpty()) {
      return;
    }
    if (config.protocol() == SyslogProtocol.UDP) {
      sendDatagrams(messages);
    } else {
      sendStream(messages);
    }
  }

  private void sendDatagrams(List<String> messages) throws IOException {
    if (datagrams == null) {
      datagrams = new DatagramSocket();
    }
    InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(config.host()), config.port());
    try {
      for (String message : messages) {
        byte[] bytes = truncateUtf8(message, config.udpMaxBytes());
        datagrams.send(new DatagramPacket(bytes, bytes.length, target));
      }
    } catch (IOException e) {
      datagrams.close();
      datagrams = null;
      throw e;
    }
  }

  private void sendStream(List<String> messages) throws IOException {
    if (socket != null && peerClosed(socket)) {
      dropConnection();
    }
    if (socket == null) {
      connect();
    }
    Socket current = socket;
    ScheduledFuture<?> deadline =
        watchdog.schedule(() -> closeQuietly(current), config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    try {
      for (String message : messages) {
        out.write(config.framing().frame(message));
      }
      out.flush();
    } catch (IOException e) {
      dropConnection();
      throw deadline.isDone()
          ? new IOException("syslog write to " + endpoint() + " timed out after " + config.sendTimeout().toMillis() + " ms", e)
          : e;
    } finally {
      deadline.cancel(false);
    }
  }

  private void connect() throws IOException {
    Socket raw = new Socket();
    try {
      raw.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
      raw.setTcpNoDelay(true);
      raw.setKeepAlive(true);
      Socket connected = config.protocol() == SyslogProtocol.TLS ? handshake(raw) : raw;
      socket = connected;
      out = new BufferedOutputStream(connected.getOutputStream(), 16 * 1024);
    } catch (IOException e) {
      closeQuietly(raw);
      throw new IOException("syslog " + endpoint() + ": " + e.getMessage(), e);
    }
  }

  private Socket handshake(Socket raw) throws IOException {
    SSLSocket tls;
    try {
      tls = (SSLSocket) PemTrust.context(config.caFile()).getSocketFactory()
          .createSocket(raw, config.host(), config.port(), true);
    } catch (GeneralSecurityException e) {
      throw new IOException("ca_file " + config.caFile() + ": " + e.getMessage(), e);
    }
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.setSoTimeout((int) config.connectTimeout().toMillis());
    tls.startHandshake();
    return tls;
  }

  /**
   * Whether the receiver has closed the connection. A receiver never sends on a syslog stream, so a
   * read that returns at once means end of stream (or a reset); a read that times out means alive.
   * Without this check the first write after a receiver restart would vanish into a dead socket.
   */
  private static boolean peerClosed(Socket socket) {
    try {
      socket.setSoTimeout(1);
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * {@code message} in UTF-8, cut to at most {@code maxBytes} on a character boundary. A cut that
   * would leave a lone trailing backslash (half of a CEF escape) drops it too.
   */
  static byte[] truncateUtf8(String message, int maxBytes) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= maxBytes) {
      return bytes;
    }
    int end = maxBytes;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    int backslashes = 0;
    while (backslashes < end && bytes[end - 1 - backslashes] == '\\') {
      backslashes++;
    }
    if (backslashes % 2 == 1) {
      end--;
    }
    byte[] cut = new byte[end];
    System.arraycopy(bytes, 0, cut, 0, end);
    return cut;
  }

  private String endpoint() {
    return config.protocol().name().toLowerCase(java.util.Locale.ROOT) + "://" + config.host() + ":" + config.port();
  }

  private void dropConnection() {
    closeQuietly(socket);
    socket = null;
    out = null;
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Already broken: nothing more to release.
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    dropConnection();
    if (datagrams != null) {
      datagrams.close();
      datagrams = null;
    }
    watchdog.shutdownNow();
  }
}
