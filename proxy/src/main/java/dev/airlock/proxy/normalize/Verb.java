package dev.airlock.proxy.normalize;

/** What an operation does to the remote system. */
public enum Verb {
  READ,
  WRITE,
  ADMIN;

  /** The default verb for a method when the catalog says nothing: GET/HEAD/OPTIONS read. */
  public static Verb defaultFor(String method) {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS" -> READ;
      default -> WRITE;
    };
  }
}
