package dev.airlock.proxy.normalize.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * An exact host name or a glob: {@code *.atlassian.net} matches any subdomain (at any depth) but
 * not {@code atlassian.net} itself; other '*' match within one label.
 *
 * @param glob lower-case pattern
 */
public record HostPattern(String glob) {
  public HostPattern {
    requireNonNull(glob, "glob");
    glob = glob.toLowerCase(Locale.ROOT);
  }

  /** True when {@code s} is a usable host name or glob. */
  public static boolean isValid(String s) {
    return s.matches("(\\*\\.)?([a-zA-Z0-9*_-]+\\.)*[a-zA-Z0-9*_-]+") && !s.equals("*");
  }

  public boolean matches(String host) {
    // Fast paths for the common forms, checked on every request for every catalog entry.
    if (glob.indexOf('*') < 0) {
      return glob.equals(host);
    }
    if (glob.startsWith("*.") && glob.indexOf('*', 1) < 0) {
      int n = glob.length() - 1; // ".example.com": compared in place, no substring per request
      return host.length() > n && host.regionMatches(host.length() - n, glob, 1, n);
    }
    return glob.startsWith("*.") ? suffixGlob(host) : labelsMatch(glob, host);
  }

  private boolean suffixGlob(String host) {
    String[] pat = glob.substring(2).split("\\.");
    String[] labels = host.split("\\.");
    if (labels.length <= pat.length) {
      return false;
    }
    int offset = labels.length - pat.length;
    for (int i = 0; i < pat.length; i++) {
      if (!Glob.matches(pat[i], labels[offset + i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean labelsMatch(String pattern, String host) {
    String[] pat = pattern.split("\\.");
    String[] labels = host.split("\\.");
    if (pat.length != labels.length) {
      return false;
    }
    for (int i = 0; i < pat.length; i++) {
      if (!Glob.matches(pat[i], labels[i])) {
        return false;
      }
    }
    return true;
  }
}
