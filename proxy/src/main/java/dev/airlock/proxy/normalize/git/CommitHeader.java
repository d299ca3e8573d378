package dev.airlock.proxy.normalize.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the parent ids from a raw commit object (the header lines before the first blank line). */
final class CommitHeader {
  private CommitHeader() {}

  static List<String> parents(byte[] commit) {
    List<String> parents = new ArrayList<>(2);
    int p = 0;
    while (p < commit.length && commit[p] != '\n') {
      int eol = p;
      while (eol < commit.length && commit[eol] != '\n') {
        eol++;
      }
      if (startsWith(commit, p, "parent ")) {
        parents.add(new String(commit, p + 7, eol - p - 7, StandardCharsets.US_ASCII));
      }
      p = eol + 1;
    }
    return parents;
  }

  private static boolean startsWith(byte[] b, int at, String prefix) {
    if (b.length - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
