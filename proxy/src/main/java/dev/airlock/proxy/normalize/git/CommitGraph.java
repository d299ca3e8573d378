package dev.airlock.proxy.normalize.git;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commit graph a pack carries, commit id to parent ids, gathered during a {@link PackWalker}
 * walk. Deltas against objects outside the pack are not commits in practice (git's thin packs
 * delta only trees and blobs against what the server has); were one a commit, it would only make a
 * ref's force status UNKNOWN or TRUE, never FALSE.
 */
final class CommitGraph implements PackWalker.Visitor {
  private final Map<String, List<String>> parents = new HashMap<>();
  private boolean commitUnseen;

  @Override
  public boolean wants(int type) {
    return type == PackWalker.OBJ_COMMIT;
  }

  @Override
  public void object(int type, String id, byte[] content) {
    if (type == PackWalker.OBJ_COMMIT) {
      parents.put(id, CommitHeader.parents(content));
    }
  }

  @Override
  public void tooLarge(int type) {
    if (type == PackWalker.OBJ_COMMIT) {
      commitUnseen = true;
    }
  }

  @Override
  public void thinDelta(String baseId, byte[] delta) {
    // not a commit in practice: see the class comment
  }

  /**
   * @return commit id (hex) to parent ids, or empty when a commit could not be read: its parents
   *     would be missing from the walk and a force push could pass for a fast-forward
   */
  Optional<Map<String, List<String>>> parents() {
    return commitUnseen ? Optional.empty() : Optional.of(parents);
  }
}
