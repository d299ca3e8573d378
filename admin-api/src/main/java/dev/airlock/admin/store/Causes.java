package dev.airlock.admin.store;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * One line naming a failure and what caused it, for errors that are the operator's to fix: each
 * cause's message joined with ": ", skipping the messages a wrapper already repeats.
 */
public final class Causes {
  private static final int MAX_DEPTH = 8;

  private Causes() {}

  public static String oneLine(Throwable failure) {
    StringBuilder line = new StringBuilder();
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
      Throwable cause = t.getCause() == t ? null : t.getCause();
      String text = text(t);
      boolean repeatsCause = cause != null && text.equals(cause.toString());
      if (!repeatsCause && line.indexOf(text) < 0) {
        line.append(line.length() == 0 ? "" : ": ").append(text);
      }
      t = cause;
    }
    return line.toString().strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static String text(Throwable t) {
    if (t instanceof FileSystemException f) {
      // Their message is often just the path; say what happened to it.
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : words(t));
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? words(t) : message;
  }

  /** "AccessDeniedException" becomes "access denied". */
  private static String words(Throwable t) {
    String name = t.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
