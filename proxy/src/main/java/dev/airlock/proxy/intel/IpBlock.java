package dev.airlock.proxy.intel;

/**
 * An IP address or CIDR block as an inclusive range. IPv4 blocks use the low 32 bits of {@code
 * lo}; IPv6 blocks use {@code hi} and {@code lo} as the upper and lower 64 bits. Any two CIDR
 * blocks are either disjoint or one contains the other, which is what lets the index drop nested
 * blocks and binary-search the rest.
 *
 * @param v6 whether this is an IPv6 block
 */
record IpBlock(boolean v6, long startHi, long startLo, long endHi, long endLo) {

  /** The block of {@code prefix} leading bits of {@code address} (4 or 16 bytes). */
  static IpBlock of(byte[] address, int prefix) {
    if (address.length == 4) {
      long a = 0;
      for (byte b : address) {
        a = (a << 8) | (b & 0xff);
      }
      long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
      long start = a & mask;
      return new IpBlock(false, 0, start, 0, start | (~mask & 0xffffffffL));
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (address[i] & 0xff);
      lo = (lo << 8) | (address[i + 8] & 0xff);
    }
    long hiMask = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    long loMask = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    return new IpBlock(true, hi & hiMask, lo & loMask, hi | ~hiMask, lo | ~loMask);
  }

  /** Compares two (hi, lo) 128-bit values as unsigned numbers. */
  static int compare(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
  }
}
