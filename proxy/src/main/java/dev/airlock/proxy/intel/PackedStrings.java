package dev.airlock.proxy.intel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A sorted set of strings packed into one byte array (UTF-8, no per-string object), each with the
 * index of the feed that listed it first; found by binary search. A million domains take about
 * 30 MB here instead of the 100 MB or more of a {@code HashMap<String, …>}.
 */
final class PackedStrings {
  static final PackedStrings EMPTY = new PackedStrings(new byte[0], new int[] {0}, new int[0]);

  private final byte[] data;
  /** Start of string i in {@code data}; {@code offsets[size]} is the end of the last one. */
  private final int[] offsets;
  private final int[] feeds;

  private PackedStrings(byte[] data, int[] offsets, int[] feeds) {
    this.data = data;
    this.offsets = offsets;
    this.feeds = feeds;
  }

  /** The strings {@code pick} takes from each feed, a string listed by several feeds kept for the first. */
  static PackedStrings of(List<Feed> feedList, Function<Feed, List<String>> pick) {
    List<Entry> entries = new ArrayList<>();
    for (int f = 0; f < feedList.size(); f++) {
      for (String s : pick.apply(feedList.get(f))) {
        entries.add(new Entry(s.getBytes(StandardCharsets.UTF_8), f));
      }
    }
    if (entries.isEmpty()) {
      return EMPTY;
    }
    // Stable: among equal strings the earlier feed stays first.
    entries.sort(Comparator.comparing(Entry::bytes, Arrays::compareUnsigned));
    long total = 0;
    int unique = 0;
    byte[] previous = null;
    for (Entry e : entries) {
      if (previous == null || !Arrays.equals(previous, e.bytes)) {
        total += e.bytes.length;
        unique++;
        previous = e.bytes;
      }
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("threat-intel indicators: " + total + " bytes (expected: < 2 GiB)");
    }
    byte[] data = new byte[(int) total];
    int[] offsets = new int[unique + 1];
    int[] feeds = new int[unique];
    int n = 0;
    int at = 0;
    previous = null;
    for (Entry e : entries) {
      if (previous != null && Arrays.equals(previous, e.bytes)) {
        continue;
      }
      offsets[n] = at;
      feeds[n] = e.feed;
      System.arraycopy(e.bytes, 0, data, at, e.bytes.length);
      at += e.bytes.length;
      n++;
      previous = e.bytes;
    }
    offsets[n] = at;
    return new PackedStrings(data, offsets, feeds);
  }

  int size() {
    return feeds.length;
  }

  /** The feed index of the string {@code key[from, to)}, or -1 when it is not in the set. */
  int find(byte[] key, int from, int to) {
    int lo = 0;
    int hi = feeds.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Arrays.compareUnsigned(data, offsets[mid], offsets[mid + 1], key, from, to);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return feeds[mid];
      }
    }
    return -1;
  }

  /** Bytes held, roughly. */
  long footprint() {
    return data.length + 4L * offsets.length + 4L * feeds.length;
  }

  private record Entry(byte[] bytes, int feed) {}
}
