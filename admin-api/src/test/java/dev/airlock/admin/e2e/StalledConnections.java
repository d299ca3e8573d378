package dev.airlock.admin.e2e;

import dev.airlock.proxy.testing.HttpHeads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Many client connections to the proxy that stop in some state, watched by one thread on one
 * selector: it notes when the proxy closes each one, and writes the next byte of a trickled
 * request on the ones that trickle.
 */
public final class StalledConnections implements AutoCloseable {
  /** One stalled client connection. */
  public static final class Conn {
    public final String kind;
    final SocketChannel channel;
    final long stalledAtNanos = System.nanoTime();
    private final byte[] trickle;
    private int sent;
    private long nextWriteNanos;
    volatile long closedAtNanos = -1;
    private final StringBuilder received = new StringBuilder();

    private Conn(String kind, SocketChannel channel, byte[] trickle) {
      this.kind = kind;
      this.channel = channel;
      this.trickle = trickle;
    }

    public boolean closed() {
      return closedAtNanos >= 0;
    }

    /** How long the connection lived after it stalled (until now when still open). */
    public long millisOpen() {
      long end = closed() ? closedAtNanos : System.nanoTime();
      return TimeUnit.NANOSECONDS.toMillis(end - stalledAtNanos);
    }

    public synchronized String received() {
      return received.toString();
    }

    @Override
    public String toString() {
      return kind + (closed() ? " closed after " : " open for ") + millisOpen() + " ms";
    }
  }

  private final int proxyPort;
  private final long trickleNanos;
  private final Selector selector;
  private final Queue<Conn> incoming = new ConcurrentLinkedQueue<>();
  private final List<Conn> all = new CopyOnWriteArrayList<>();
  private final Thread loop;
  private volatile boolean running = true;

  public StalledConnections(int proxyPort, Duration trickleInterval) throws IOException {
    this.proxyPort = proxyPort;
    this.trickleNanos = trickleInterval.toNanos();
    this.selector = Selector.open();
    this.loop = new Thread(this::run, "stalled-connections");
    loop.setDaemon(true);
    loop.start();
  }

  /** A connection from {@code from} that sends nothing. */
  public Conn silent(InetAddress from) throws IOException {
    return watch("silent", open(from), null);
  }

  /** A connection that sends {@code head} one byte per trickle interval, starting now. */
  public Conn trickling(InetAddress from, String head) throws IOException {
    return watch("trickle", open(from), head.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code bytes} (e.g. a CONNECT and what follows its answer) and then stalls. */
  public Conn after(String kind, InetAddress from, String request, byte[] then) throws IOException {
    SocketChannel ch = open(from);
    ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
    if (request.startsWith("CONNECT ")) {
      String head = readHead(ch);
      if (!head.startsWith("HTTP/1.1 200")) {
        ch.close();
        throw new AssertionError("CONNECT answered " + head);
      }
    }
    if (then.length > 0) {
      ch.write(ByteBuffer.wrap(then));
    }
    return watch(kind, ch, null);
  }

  /** A blocking connection to the proxy from the given local address. */
  SocketChannel open(InetAddress from) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.bind(new InetSocketAddress(from, 0));
    ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxyPort));
    return ch;
  }

  private static String readHead(SocketChannel ch) throws IOException {
    ch.socket().setSoTimeout(10_000);
    return HttpHeads.read(ch.socket().getInputStream());
  }

  private Conn watch(String kind, SocketChannel ch, byte[] trickle) {
    Conn c = new Conn(kind, ch, trickle);
    all.add(c);
    incoming.add(c);
    selector.wakeup();
    return c;
  }

  public List<Conn> all() {
    return new ArrayList<>(all);
  }

  /** Waits until every connection of these is closed or the timeout passes. */
  public void awaitClosed(List<Conn> conns, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !conns.stream().allMatch(Conn::closed)) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (running) {
      try {
        selector.select(10);
        Conn c;
        while ((c = incoming.poll()) != null) {
          c.channel.configureBlocking(false);
          c.nextWriteNanos = System.nanoTime();
          c.channel.register(selector, SelectionKey.OP_READ, c);
        }
        for (SelectionKey k : selector.selectedKeys()) {
          read((Conn) k.attachment(), buf);
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        for (Conn t : all) {
          if (t.trickle != null && !t.closed() && t.sent < t.trickle.length && t.nextWriteNanos != 0
              && now >= t.nextWriteNanos) {
            trickleOne(t, now);
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private void read(Conn c, ByteBuffer buf) {
    try {
      buf.clear();
      int n = c.channel.read(buf);
      if (n < 0) {
        closed(c);
      } else if (n > 0) {
        synchronized (c) {
          c.received.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
        }
      }
    } catch (IOException e) {
      closed(c);
    }
  }

  private void trickleOne(Conn c, long now) {
    try {
      c.channel.write(ByteBuffer.wrap(c.trickle, c.sent, 1));
      c.sent++;
      c.nextWriteNanos = now + trickleNanos;
    } catch (IOException e) {
      closed(c);
    }
  }

  private static void closed(Conn c) {
    if (!c.closed()) {
      c.closedAtNanos = System.nanoTime();
    }
    try {
      c.channel.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() throws Exception {
    running = false;
    selector.wakeup();
    loop.join(5_000);
    for (Conn c : all) {
      c.channel.close();
    }
    selector.close();
  }
}
