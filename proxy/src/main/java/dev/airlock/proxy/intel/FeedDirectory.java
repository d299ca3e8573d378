package dev.airlock.proxy.intel;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed files of one directory ({@code *.txt} plain lists, {@code *.csv} URLhaus exports; the
 * feed is named after the file without its extension), kept loaded into {@link ThreatIntel}
 * source {@link ThreatIntel#FILES}. {@link #start} checks the directory every {@code interval}
 * (size and modification time of each file, so a check costs a directory listing) and re-reads
 * only what changed; adding, editing or removing a file takes effect without a restart.
 *
 * <p>A file that cannot be read is left out and logged once (again only after it changed); the
 * others still load. A missing directory is no feeds.
 */
public final class FeedDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedDirectory.class);

  private record Stamp(long size, long modified) {}

  private record Loaded(Stamp stamp, Feed feed) {}

  private final Path dir;
  private final ThreatIntel intel;
  private final FeedParser parser = new FeedParser();
  private final Map<Path, Loaded> loaded = new HashMap<>();
  /** Files whose failure was logged, with the stamp they failed at: logged once until they change. */
  private final Map<Path, Stamp> failed = new HashMap<>();
  private ScheduledExecutorService timer;
  private boolean published;

  public FeedDirectory(Path dir, ThreatIntel intel) {
    this.dir = requireNonNull(dir, "dir");
    this.intel = requireNonNull(intel, "intel");
  }

  /** Loads the directory now, then checks it every {@code interval} on a thread of its own. */
  public synchronized FeedDirectory start(Duration interval) {
    poll();
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "airlock-threat-intel-files");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, interval.toMillis());
      timer.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** Checks the directory once and publishes its feeds when anything changed. Blocking file I/O. */
  public synchronized void poll() {
    Map<Path, Stamp> now = list();
    boolean changed = !published || !now.keySet().equals(loaded.keySet());
    for (Map.Entry<Path, Stamp> e : now.entrySet()) {
      Loaded before = loaded.get(e.getKey());
      if (before != null && before.stamp.equals(e.getValue())) {
        continue;
      }
      changed = true;
      Feed feed = read(e.getKey(), e.getValue());
      if (feed == null) {
        loaded.remove(e.getKey());
      } else {
        loaded.put(e.getKey(), new Loaded(e.getValue(), feed));
      }
    }
    loaded.keySet().retainAll(now.keySet());
    failed.keySet().retainAll(now.keySet());
    if (changed) {
      List<Feed> feeds = new ArrayList<>();
      loaded.values().forEach(l -> feeds.add(l.feed));
      intel.replace(ThreatIntel.FILES, feeds);
      published = true;
      LOG.info("threat intel: {} feed file(s) loaded from {}", feeds.size(), dir);
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warn("threat intel: checking {} failed: {}", dir, e.toString());
    }
  }

  private Map<Path, Stamp> list() {
    Map<Path, Stamp> files = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    Set<String> names = new HashSet<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String file = p.getFileName().toString();
        if (FeedFormat.ofFile(file) == null || file.startsWith(".")) {
          continue;
        }
        String name = feedName(file);
        if (!names.add(name)) {
          logOnce(p, new Stamp(-1, -1), "another file already gives feed '" + name + "'; this one is skipped");
          continue;
        }
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (a.isRegularFile()) {
            files.put(p, new Stamp(a.size(), a.lastModifiedTime().toMillis()));
          }
        } catch (IOException e) {
          logOnce(p, new Stamp(-1, -1), e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("threat intel: cannot list {}: {}", dir, e.toString());
      // Keep what is loaded rather than dropping every feed over a listing hiccup.
      Map<Path, Stamp> same = new HashMap<>();
      loaded.forEach((p, l) -> same.put(p, l.stamp));
      return same;
    }
    return files;
  }

  private Feed read(Path file, Stamp stamp) {
    FeedFormat format = FeedFormat.ofFile(file.getFileName().toString());
    // Bytes that are not UTF-8 become replacement characters: that line is skipped, not the file.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        Reader in = Channels.newReader(ch, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE), -1)) {
      Feed feed = parser.parse(feedName(file.getFileName().toString()), format, in);
      failed.remove(file);
      if (feed.invalid() > 0) {
        LOG.info("threat intel: {} skipped {} line(s) that hold no indicator", file.getFileName(), feed.invalid());
      }
      return feed;
    } catch (IOException | RuntimeException e) {
      logOnce(file, stamp, e.toString());
      return null;
    }
  }

  private void logOnce(Path file, Stamp stamp, String why) {
    if (!stamp.equals(failed.put(file, stamp))) {
      LOG.warn("threat intel: cannot load feed file {}: {}", file, why);
    }
  }

  /** The feed a file gives: its name without the extension. */
  static String feedName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
