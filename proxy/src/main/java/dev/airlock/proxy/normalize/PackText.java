package dev.airlock.proxy.normalize;

import static java.util.Objects.requireNonNull;

/**
 * One piece of what a pushed pack carries, as text for the detectors: a file's content, a commit
 * or tag whole (message, author, committer), or the bytes a delta adds to a file the server
 * already has.
 *
 * @param label which object the text comes from, e.g. "blob 9f8e…" or "commit 1a2b…"
 * @param text the content, decoded as UTF-8
 */
public record PackText(String label, String text) {
  public PackText {
    requireNonNull(label, "label");
    requireNonNull(text, "text");
  }

  /** The label and size only: the text may hold the very secret the detectors look for. */
  @Override
  public String toString() {
    return "PackText[" + label + ", " + text.length() + " chars]";
  }
}
