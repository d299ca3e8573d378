package dev.airlock.proxy.normalize;

import java.util.List;

/** The ref updates of one git-receive-pack request. */
public record GitPush(List<RefUpdate> refUpdates) {
  public GitPush {
    refUpdates = List.copyOf(refUpdates);
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
