package dev.airlock.proxy.normalize.git;

import dev.airlock.proxy.normalize.PackText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers, during a {@link PackWalker} walk, what a pushed pack carries for the detectors: the
 * message of every commit and tag with any header that is not an id, identity or signature (text
 * can hide there too), every file, and for a delta against an object outside the pack the bytes
 * the delta inserts, so a line added to a file the server already has is seen too. Trees hold only
 * names and ids and are left out.
 *
 * <p>The text is capped. Past the cap, or when some content cannot be seen (an object over the
 * object limit, a malformed delta), the collection is incomplete; what was gathered is still kept,
 * so its findings count whatever happens to the push.
 */
final class PackTextCollector implements PackWalker.Visitor {
  private final long maxBytes;
  private final List<PackText> texts = new ArrayList<>();
  private long collected;
  private boolean full;
  private boolean incomplete;

  PackTextCollector(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public boolean wants(int type) {
    return !full
        && (type == PackWalker.OBJ_COMMIT || type == PackWalker.OBJ_BLOB || type == PackWalker.OBJ_TAG);
  }

  @Override
  public void object(int type, String id, byte[] content) {
    if (type == PackWalker.OBJ_BLOB) {
      add("blob " + id, content);
    } else {
      add((type == PackWalker.OBJ_COMMIT ? "commit " : "tag ") + id, CommitHeader.text(content));
    }
  }

  @Override
  public void tooLarge(int type) {
    if (type != PackWalker.OBJ_TREE) {
      incomplete = true;
    }
  }

  @Override
  public void thinDelta(String baseId, byte[] delta) {
    BinaryDelta.inserted(delta).ifPresentOrElse(
        bytes -> add("delta on " + baseId + " (inserted bytes)", bytes), () -> incomplete = true);
  }

  private void add(String label, byte[] content) {
    if (full || content.length > maxBytes - collected) {
      full = true;
      incomplete = true;
      return;
    }
    if (content.length > 0) {
      collected += content.length;
      texts.add(new PackText(label, new String(content, StandardCharsets.UTF_8)));
    }
  }

  List<PackText> texts() {
    return List.copyOf(texts);
  }

  /** @return whether everything the walk handed over fitted and could be read */
  boolean complete() {
    return !incomplete;
  }
}
