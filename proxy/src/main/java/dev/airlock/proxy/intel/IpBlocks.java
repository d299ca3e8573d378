package dev.airlock.proxy.intel;

import java.util.ArrayList;
import java.util.List;

/**
 * The listed IP blocks of one family as disjoint ranges sorted by start, in parallel primitive
 * arrays, found by binary search. CIDR blocks nest or are disjoint, so a block inside another
 * listed block is dropped (the outer one answers for it) and what remains never overlaps.
 */
final class IpBlocks {
  private final long[] startHi;
  private final long[] startLo;
  private final long[] endHi;
  private final long[] endLo;
  private final int[] feeds;
  /**
   * IPv4 only: for each value p of an address's top 16 bits, the first block starting at or after
   * p.0.0 ({@code [65536]} = the block count). A lookup then searches only the blocks starting in
   * its own /16, a handful, instead of the whole list.
   */
  private final int[] firstBy16;

  private IpBlocks(int n, boolean v6) {
    startHi = new long[n];
    startLo = new long[n];
    endHi = new long[n];
    endLo = new long[n];
    feeds = new int[n];
    firstBy16 = v6 ? null : new int[(1 << 16) + 1];
  }

  static IpBlocks of(List<Feed> feedList, boolean v6) {
    List<Tagged> all = new ArrayList<>();
    for (int f = 0; f < feedList.size(); f++) {
      for (IpBlock b : feedList.get(f).blocks()) {
        if (b.v6() == v6) {
          all.add(new Tagged(b, f));
        }
      }
    }
    // By start, then the wider block first, then the earlier feed: an outer block comes before its inner ones.
    all.sort((a, b) -> {
      int c = IpBlock.compare(a.block.startHi(), a.block.startLo(), b.block.startHi(), b.block.startLo());
      if (c == 0) {
        c = IpBlock.compare(b.block.endHi(), b.block.endLo(), a.block.endHi(), a.block.endLo());
      }
      return c != 0 ? c : Integer.compare(a.feed, b.feed);
    });
    List<Tagged> kept = new ArrayList<>(all.size());
    Tagged last = null;
    for (Tagged t : all) {
      if (last != null && IpBlock.compare(t.block.startHi(), t.block.startLo(), last.block.endHi(),
          last.block.endLo()) <= 0) {
        continue; // inside the last kept block
      }
      kept.add(t);
      last = t;
    }
    IpBlocks out = new IpBlocks(kept.size(), v6);
    for (int i = 0; i < kept.size(); i++) {
      IpBlock b = kept.get(i).block;
      out.startHi[i] = b.startHi();
      out.startLo[i] = b.startLo();
      out.endHi[i] = b.endHi();
      out.endLo[i] = b.endLo();
      out.feeds[i] = kept.get(i).feed;
    }
    if (!v6) {
      int b = 0;
      for (int p = 0; p <= 1 << 16; p++) {
        while (b < kept.size() && out.startLo[b] < ((long) p << 16)) {
          b++;
        }
        out.firstBy16[p] = b;
      }
    }
    return out;
  }

  int size() {
    return feeds.length;
  }

  /** The feed index of the block holding address (hi, lo), or -1. */
  int find(long hi, long lo) {
    int l = 0;
    int h = feeds.length - 1;
    if (firstBy16 != null) {
      int p = (int) (lo >>> 16);
      l = firstBy16[p];
      h = firstBy16[p + 1] - 1;
    }
    // The last block starting at or before the address: in its /16, else the one just before it.
    int candidate = l - 1;
    while (l <= h) {
      int mid = (l + h) >>> 1;
      if (IpBlock.compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
        candidate = mid;
        l = mid + 1;
      } else {
        h = mid - 1;
      }
    }
    if (candidate < 0 || IpBlock.compare(hi, lo, endHi[candidate], endLo[candidate]) > 0) {
      return -1;
    }
    return feeds[candidate];
  }

  long footprint() {
    return 36L * feeds.length + (firstBy16 == null ? 0 : 4L * firstBy16.length);
  }

  private record Tagged(IpBlock block, int feed) {}
}
