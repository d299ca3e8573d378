package dev.airlock.proxy.detect;

/**
 * A decoded view of a source text that remembers, for every decoded char, the source range it
 * came from, so a finding in the view maps back to exactly the source chars that encode it.
 */
final class MappedText {
  private final String text;
  private final int[] sourceStarts;
  private final int[] sourceEnds;

  MappedText(String text, int[] sourceStarts, int[] sourceEnds) {
    if (sourceStarts.length < text.length() || sourceEnds.length < text.length()) {
      throw new IllegalArgumentException("mapping: shorter than text (expected: one entry per char)");
    }
    this.text = text;
    this.sourceStarts = sourceStarts;
    this.sourceEnds = sourceEnds;
  }

  String text() {
    return text;
  }

  /** The finding re-expressed over the source, shifted by {@code offset}. */
  Finding toSource(Finding f, int offset) {
    int start = sourceStarts[f.start()];
    int end = f.end() > f.start() ? sourceEnds[f.end() - 1] : start;
    return new Finding(f.dataClass(), f.detectorId(), offset + start, offset + end);
  }

  /** Accumulates a mapped text char by char. */
  static final class Builder {
    private final StringBuilder text;
    private int[] starts;
    private int[] ends;

    Builder(int capacity) {
      text = new StringBuilder(capacity);
      starts = new int[Math.max(capacity, 16)];
      ends = new int[starts.length];
    }

    void append(char c, int sourceStart, int sourceEnd) {
      int i = text.length();
      if (i == starts.length) {
        starts = java.util.Arrays.copyOf(starts, i * 2);
        ends = java.util.Arrays.copyOf(ends, i * 2);
      }
      text.append(c);
      starts[i] = sourceStart;
      ends[i] = sourceEnd;
    }

    MappedText build() {
      return new MappedText(text.toString(), starts, ends);
    }
  }
}
