package dev.airlock.proxy.normalize.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the header lines of a raw commit or tag object (the lines before the first blank line). */
final class CommitHeader {
  /**
   * Header fields that hold ids, identities and signatures rather than text someone wrote. The
   * identities are left out because each carries an email address: every push would carry PII.
   */
  private static final Set<String> NOT_TEXT = Set.of("tree", "parent", "author", "committer", "object",
      "type", "tagger", "encoding", "gpgsig", "gpgsig-sha256");

  private CommitHeader() {}

  static List<String> parents(byte[] commit) {
    List<String> parents = new ArrayList<>(2);
    int p = 0;
    while (p < commit.length && commit[p] != '\n') {
      int eol = endOfLine(commit, p);
      if (startsWith(commit, p, "parent ")) {
        parents.add(new String(commit, p + 7, eol - p - 7, StandardCharsets.US_ASCII));
      }
      p = eol + 1;
    }
    return parents;
  }

  /**
   * The text of a commit or tag for scanning: its message, and every header line (continuation
   * lines included, such as the tag a {@code mergetag} embeds) except those in {@link #NOT_TEXT}.
   */
  static byte[] text(byte[] object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(object.length);
    int p = 0;
    boolean keep = false;
    while (p < object.length && object[p] != '\n') {
      int eol = endOfLine(object, p);
      if (object[p] != ' ') {
        int space = p;
        while (space < eol && object[space] != ' ') {
          space++;
        }
        keep = !NOT_TEXT.contains(new String(object, p, space - p, StandardCharsets.US_ASCII));
      }
      if (keep) {
        out.write(object, p, Math.min(eol + 1, object.length) - p);
      }
      p = eol + 1;
    }
    if (p < object.length) {
      out.write(object, p, object.length - p);
    }
    return out.toByteArray();
  }

  private static int endOfLine(byte[] b, int from) {
    int eol = from;
    while (eol < b.length && b[eol] != '\n') {
      eol++;
    }
    return eol;
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
