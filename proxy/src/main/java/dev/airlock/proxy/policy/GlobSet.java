package dev.airlock.proxy.policy;

import java.util.List;

/** Any-of a list of globs; the compiled form of one match field. */
final class GlobSet {
  private final Glob[] globs;

  private GlobSet(Glob[] globs) {
    this.globs = globs;
  }

  /** The compiled field, or null when the field does not constrain anything. */
  static GlobSet compileOrNull(List<String> patterns, CaseFold fold) {
    Glob[] globs = new Glob[patterns.size()];
    for (int i = 0; i < globs.length; i++) {
      globs[i] = Glob.compile(fold.apply(patterns.get(i)));
      if (globs[i].matchesEverything()) {
        return null;
      }
    }
    return globs.length == 0 ? null : new GlobSet(globs);
  }

  boolean matches(String s) {
    for (Glob glob : globs) {
      if (glob.matches(s)) {
        return true;
      }
    }
    return false;
  }
}
