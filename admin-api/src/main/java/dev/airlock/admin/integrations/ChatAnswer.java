package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

/**
 * What an integration endpoint answers the chat app: its HTTP layer turns {@link Kind#DONE} and
 * {@link Kind#IGNORED} into an empty 200 (the chat app only needs to know it arrived), the others
 * into a JSON error.
 *
 * @param message why, for errors and for the log ("" otherwise)
 */
public record ChatAnswer(Kind kind, String message) {
  public enum Kind {
    /** A button click was handled (decided, or found decided). */
    DONE,
    /** Genuine, but nothing Airlock acts on (another interaction type, another button). */
    IGNORED,
    /** Not from the chat app: bad or missing signature or secret token. */
    UNAUTHORIZED,
    /** From the chat app, but not readable. */
    INVALID
  }

  public ChatAnswer {
    requireNonNull(kind, "kind");
    message = message == null ? "" : message;
  }

  static ChatAnswer done() {
    return new ChatAnswer(Kind.DONE, "");
  }

  static ChatAnswer ignored(String why) {
    return new ChatAnswer(Kind.IGNORED, why);
  }

  static ChatAnswer unauthorized(String why) {
    return new ChatAnswer(Kind.UNAUTHORIZED, why);
  }

  static ChatAnswer invalid(String why) {
    return new ChatAnswer(Kind.INVALID, why);
  }
}
