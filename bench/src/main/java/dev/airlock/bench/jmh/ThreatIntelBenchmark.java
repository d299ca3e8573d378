package dev.airlock.bench.jmh;

import dev.airlock.proxy.intel.Feed;
import dev.airlock.proxy.intel.FeedFormat;
import dev.airlock.proxy.intel.FeedParser;
import dev.airlock.proxy.intel.ThreatIndex;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Threat-intel lookups per second on one thread against an index of a million indicators (40 %
 * domains, 30 % IPv4 addresses and blocks, 5 % IPv6 blocks, 25 % URLs), over a rotation of 1024
 * requests of which one in eight is listed. One operation is one {@link ThreatIndex#match} with a
 * host, its address and its URL: a miss, the common case, looks up every parent domain, the
 * address and the URL with and without its query. Setup prints the index's heap footprint.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class ThreatIntelBenchmark {
  static final int REQUESTS = 1024;
  private static final long SEED = 0x7171_2026L;

  @Param({"1000000"})
  int indicators;

  private ThreatIndex index;
  private String[] hosts;
  private InetAddress[] addresses;
  private String[] urls;
  private int next;

  @Setup
  public void setup() throws UnknownHostException {
    SplittableRandom r = new SplittableRandom(SEED);
    long before = usedHeapAfterGc();
    index = compile(indicators, r.split());
    long after = usedHeapAfterGc();
    System.out.printf("%nindex: %d indicators, ~%.1f MB compiled (%.1f MB heap growth after GC)%n", index.size(),
        index.footprint() / 1e6, (after - before) / 1e6);
    hosts = new String[REQUESTS];
    addresses = new InetAddress[REQUESTS];
    urls = new String[REQUESTS];
    SplittableRandom q = new SplittableRandom(SEED + 1); // which listed domain a hit asks for
    for (int i = 0; i < REQUESTS; i++) {
      boolean listed = r.nextInt(8) == 0;
      String domain = listed ? "api." + domain(q.nextInt(indicators * 4 / 10)) : "api.service" + r.nextInt(1 << 20)
          + ".example.org";
      hosts[i] = domain;
      addresses[i] = InetAddress.getByAddress(new byte[] {(byte) (11 + r.nextInt(200)), (byte) r.nextInt(256),
          (byte) r.nextInt(256), (byte) r.nextInt(256)});
      urls[i] = ThreatIndex.urlKey("https", domain, 443, "/v1/items/" + r.nextInt(10_000), "page=" + r.nextInt(50));
    }
  }

  /** The index alone: the feed text and the parsed feed are garbage once this returns. */
  private static ThreatIndex compile(int n, SplittableRandom r) {
    Feed feed = new FeedParser().parse("bench", FeedFormat.PLAIN, feedText(n, r));
    return new ThreatIndex(List.of(feed));
  }

  @Benchmark
  public String match() {
    int i = next++ & (REQUESTS - 1);
    return index.match(hosts[i], addresses[i], urls[i]);
  }

  private static String domain(int n) {
    return "bad" + Integer.toString(n, 36) + ".example.net";
  }

  /** A plain feed of {@code n} indicators in the mix above. */
  private static String feedText(int n, SplittableRandom r) {
    StringBuilder b = new StringBuilder(n * 28);
    int domains = n * 4 / 10;
    int v4 = n * 3 / 10;
    int v6 = n / 20;
    for (int i = 0; i < domains; i++) {
      b.append(domain(i)).append('\n');
    }
    for (int i = 0; i < v4; i++) {
      b.append(r.nextInt(224)).append('.').append(r.nextInt(256)).append('.').append(r.nextInt(256)).append('.');
      if (i % 10 == 0) {
        b.append("0/24\n");
      } else {
        b.append(r.nextInt(256)).append('\n');
      }
    }
    for (int i = 0; i < v6; i++) {
      b.append("2001:db8:").append(Integer.toHexString(r.nextInt(1 << 16))).append(':')
          .append(Integer.toHexString(r.nextInt(1 << 16))).append("::/64\n");
    }
    for (int i = domains + v4 + v6; i < n; i++) {
      b.append("http://host").append(Integer.toString(r.nextInt(1 << 24), 36)).append(".example.com/payload/")
          .append(i).append(".bin\n");
    }
    return b.toString();
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
