package dev.airlock.proxy.intel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * A set of strings packed into one byte array (UTF-8, no per-string object), each with the index
 * of the feed that listed it first, found through an open-addressing hash table of entry numbers:
 * a lookup touches the table slot and the string's bytes, two or three cache lines, where a binary
 * search over a million entries would miss the cache a dozen times. A million domains take about
 * 40 MB here instead of the 100 MB or more of a {@code HashMap<String, …>}.
 */
final class PackedStrings {
  static final PackedStrings EMPTY = new PackedStrings(new byte[0], new int[] {0}, new int[0]);

  private final byte[] data;
  /** Start of string i in {@code data}; {@code offsets[size]} is the end of the last one. */
  private final int[] offsets;
  private final int[] feeds;
  /** Entry number + 1 per slot (0 = empty); a power of two at least twice the entry count. */
  private final int[] slots;

  private PackedStrings(byte[] data, int[] offsets, int[] feeds) {
    this.data = data;
    this.offsets = offsets;
    this.feeds = feeds;
    this.slots = new int[Math.max(2, Integer.highestOneBit(Math.max(1, feeds.length) * 2 - 1) << 1)];
    int mask = slots.length - 1;
    for (int i = 0; i < feeds.length; i++) {
      int slot = hash(data, offsets[i], offsets[i + 1]) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
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
    int mask = slots.length - 1;
    int len = to - from;
    for (int slot = hash(key, from, to) & mask; ; slot = (slot + 1) & mask) {
      int e = slots[slot] - 1;
      if (e < 0) {
        return -1;
      }
      int start = offsets[e];
      if (offsets[e + 1] - start == len && Arrays.equals(data, start, start + len, key, from, to)) {
        return feeds[e];
      }
    }
  }

  /** FNV-1a over the bytes, with a final mix so that the low bits (the slot) depend on every byte. */
  private static int hash(byte[] b, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ (b[i] & 0xff)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /** Bytes held, roughly. */
  long footprint() {
    return data.length + 4L * offsets.length + 4L * feeds.length + 4L * slots.length;
  }

  private record Entry(byte[] bytes, int feed) {}
}
