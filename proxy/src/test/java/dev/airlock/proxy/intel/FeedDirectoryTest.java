package dev.airlock.proxy.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedDirectoryTest {
  @TempDir Path dir;

  private final ThreatIntel intel = new ThreatIntel();

  @Test
  void filesAreLoadedAddedChangedAndRemovedWithoutRestart() throws Exception {
    Files.writeString(dir.resolve("blocklist.txt"), "evil.example\nnot a line\n");
    Files.writeString(dir.resolve("README.md"), "ignored.example\n");
    FeedDirectory files = new FeedDirectory(dir, intel);
    files.poll();
    assertThat(intel.match("evil.example", null, null)).isEqualTo("blocklist");
    assertThat(intel.match("ignored.example", null, null)).isNull();
    assertThat(intel.feeds()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("blocklist");
      assertThat(f.source()).isEqualTo(ThreatIntel.FILES);
      assertThat(f.domains()).isEqualTo(1);
      assertThat(f.invalid()).isEqualTo(1);
    });

    Path csv = dir.resolve("urlhaus.csv");
    Files.writeString(csv, "\"1\",\"2026-12-06\",\"http://drop.example/x\",\"online\"\n");
    files.poll();
    assertThat(intel.match("drop.example", null, "http://drop.example/x")).isEqualTo("urlhaus");

    Path list = dir.resolve("blocklist.txt");
    Files.writeString(list, "other.example\n");
    Files.setLastModifiedTime(list, FileTime.from(Instant.now().plusSeconds(5)));
    files.poll();
    assertThat(intel.match("evil.example", null, null)).isNull();
    assertThat(intel.match("other.example", null, null)).isEqualTo("blocklist");

    Files.delete(list);
    files.poll();
    assertThat(intel.match("other.example", null, null)).isNull();
    assertThat(intel.feeds()).extracting(ThreatIntel.FeedStatus::name).containsExactly("urlhaus");
  }

  @Test
  void anUnreadableFileIsLeftOutAndTheOthersStillLoad() throws Exception {
    Files.writeString(dir.resolve("good.txt"), "good-feed.example\n");
    Files.createDirectory(dir.resolve("weird.txt")); // a directory named like a feed: not a regular file
    Path unreadable = dir.resolve("locked.txt");
    Files.writeString(unreadable, "locked.example\n");
    unreadable.toFile().setReadable(false);
    FeedDirectory files = new FeedDirectory(dir, intel);
    files.poll();
    files.poll();
    assertThat(intel.match("good-feed.example", null, null)).isEqualTo("good");
    boolean root = unreadable.toFile().canRead(); // root reads it anyway
    assertThat(intel.match("locked.example", null, null)).isEqualTo(root ? "locked" : null);
  }

  @Test
  void aMissingDirectoryIsNoFeeds() {
    new FeedDirectory(dir.resolve("absent"), intel).poll();
    assertThat(intel.feeds()).isEmpty();
    assertThat(intel.size()).isZero();
  }
}
