package dev.airlock.proxy.exfil;

import java.util.List;

/**
 * Part of a response body as captured while it was relayed. Decoding is deferred to
 * {@link #texts()}, which a scanner calls off the event loop unless the body is {@link #small()}.
 */
@FunctionalInterface
public interface ResponseBody {
  /** The texts to scan: the decoded body, or the {@code data} of each server-sent event. */
  List<String> texts();

  /** Bytes reserved with {@link ResponseScanner#reserve} for this body, released once it is scanned. */
  default int reservedBytes() {
    return 0;
  }

  /**
   * Whether the body is plain text of at most {@link #SMALL_CHARS} characters (nothing to decode):
   * scanning it where it was captured costs less than waking another thread to do it.
   */
  default boolean small() {
    return false;
  }

  /** The size up to which a plain body is {@link #small()}. */
  int SMALL_CHARS = 16 * 1024;

  /** Texts already decoded (e.g. server-sent events), small when they add up to at most {@link #SMALL_CHARS}. */
  static ResponseBody ofTexts(List<String> texts) {
    long chars = 0;
    for (String t : texts) {
      chars += t.length();
    }
    boolean small = chars <= SMALL_CHARS;
    return new ResponseBody() {
      @Override
      public List<String> texts() {
        return texts;
      }

      @Override
      public boolean small() {
        return small;
      }
    };
  }
}
