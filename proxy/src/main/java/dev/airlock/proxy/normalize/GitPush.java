package dev.airlock.proxy.normalize;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One git-receive-pack request: its ref updates and what its pack carries.
 *
 * @param refUpdates the ref updates, in the order sent
 * @param packTexts the files, commits and tags of the pushed pack, for the detectors
 * @param contentFullyInspected false when the pack could not be read whole (corrupt, truncated,
 *     past the pack limits or the text cap): then {@code packTexts} holds only part of it
 */
public record GitPush(List<RefUpdate> refUpdates, List<PackText> packTexts, boolean contentFullyInspected) {
  public GitPush {
    refUpdates = List.copyOf(refUpdates);
    packTexts = List.copyOf(requireNonNull(packTexts, "packTexts"));
  }

  /** Ref updates alone, as in policy test cases: no pack content. */
  public GitPush(List<RefUpdate> refUpdates) {
    this(refUpdates, List.of(), true);
  }

  /** The same push without its texts, once they have been scanned and need not stay in memory. */
  public GitPush withoutTexts() {
    return packTexts.isEmpty() ? this : new GitPush(refUpdates, List.of(), contentFullyInspected);
  }

  /** TRUE if any update is a force push, UNKNOWN if any is unknown and none true, else FALSE. */
  public ForcePush forcePush() {
    ForcePush result = ForcePush.FALSE;
    for (RefUpdate u : refUpdates) {
      if (u.forcePush() == ForcePush.TRUE) {
        return ForcePush.TRUE;
      }
      if (u.forcePush() == ForcePush.UNKNOWN) {
        result = ForcePush.UNKNOWN;
      }
    }
    return result;
  }
}
