package dev.airlock.proxy.normalize.git;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the zlib data of pack entries one after another, counting the bytes against the
 * limits. Objects that are not needed are inflated into a scratch buffer only to find their end.
 */
final class EntryInflater implements AutoCloseable {
  private final Inflater inflater = new Inflater();
  private final byte[] scratch = new byte[8192];
  private final PackLimits limits;
  private long inflatedTotal;

  EntryInflater(PackLimits limits) {
    this.limits = limits;
  }

  /**
   * Inflates the entry whose zlib stream starts at {@code buf[pos]} and must produce exactly
   * {@code size} bytes.
   *
   * @param keep whether the content is wanted
   * @return the content when wanted and within the object limit, else null
   * @throws IllegalStateException on truncated or inconsistent data, or past the limits
   */
  Inflated inflate(byte[] buf, int pos, long size, boolean keep) throws DataFormatException {
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("inflate limit");
    }
    charge(size);
    byte[] out = keep && size <= limits.maxObjectBytes() ? new byte[(int) size] : null;
    inflater.reset();
    inflater.setInput(buf, pos, buf.length - pos);
    long produced = 0;
    while (!inflater.finished()) {
      int n = inflater.inflate(scratch);
      if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
        throw new IllegalStateException("truncated zlib stream");
      }
      if (produced + n > size) {
        throw new IllegalStateException("object larger than declared");
      }
      if (out != null) {
        System.arraycopy(scratch, 0, out, (int) produced, n);
      }
      produced += n;
    }
    if (produced != size) {
      throw new IllegalStateException("object smaller than declared");
    }
    return new Inflated(out, (int) inflater.getBytesRead());
  }

  /**
   * Counts {@code size} bytes against the inflate limit: each entry's inflated content, and each
   * object rebuilt from a delta, whose few bytes of copy instructions can stand for a megabyte.
   *
   * @throws IllegalStateException past the limit
   */
  void charge(long size) {
    if (size < 0 || inflatedTotal + size > limits.maxInflatedBytes()) {
      throw new IllegalStateException("inflate limit");
    }
    inflatedTotal += size;
  }

  @Override
  public void close() {
    inflater.end();
  }

  /**
   * @param content the inflated bytes, or null when not kept
   * @param consumed compressed bytes read from the pack
   */
  record Inflated(byte[] content, int consumed) {}
}
