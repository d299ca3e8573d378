package dev.airlock.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Ordinary workplace sentences (no secrets, no personal data) from {@code jmh/prose.txt}, handed
 * out deterministically so every run scans the same text.
 */
final class Prose {
  private static final String RESOURCE = "/jmh/prose.txt";

  private final List<String> sentences;
  private int next;

  private Prose(List<String> sentences, int start) {
    this.sentences = sentences;
    this.next = start;
  }

  /** @param start first sentence index, so different callers get different text */
  static Prose load(int start) {
    try (InputStream in = Prose.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + ": not on the class path");
      }
      List<String> lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      return new Prose(lines, Math.floorMod(start, lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whole sentences joined by spaces, cut to exactly {@code length} characters. */
  String text(int length) {
    StringBuilder out = new StringBuilder(length + 200);
    while (out.length() < length) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(sentences.get(next));
      next = (next + 1) % sentences.size();
    }
    out.setLength(length);
    return out.toString();
  }
}
