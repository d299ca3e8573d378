package dev.airlock.proxy.intel;

import java.util.Locale;

/** How a feed's text is laid out. */
public enum FeedFormat {
  /** One indicator per line (domain, IP, CIDR or URL); {@code #} starts a comment. */
  PLAIN("plain"),
  /**
   * The URLhaus CSV export: {@code # } comment lines, then quoted rows {@code id, dateadded, url,
   * url_status, last_online, threat, tags, urlhaus_link, reporter}; the {@code url} column is used.
   */
  URLHAUS("urlhaus");

  private final String slug;

  FeedFormat(String slug) {
    this.slug = slug;
  }

  public String slug() {
    return slug;
  }

  /** The format named {@code s} ({@code plain}, {@code urlhaus} or {@code csv}), or null. */
  public static FeedFormat of(String s) {
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "plain", "txt", "text" -> PLAIN;
      case "urlhaus", "csv" -> URLHAUS;
      default -> null;
    };
  }

  /** The format of a feed file by its extension ({@code .txt}, {@code .csv}), or null for other files. */
  public static FeedFormat ofFile(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".txt")) {
      return PLAIN;
    }
    return lower.endsWith(".csv") ? URLHAUS : null;
  }
}
