package dev.airlock.proxy.server;

import java.util.List;
import java.util.Locale;

/** A list of host globs ("*.example.com", "pinned.example.org"), matched case-insensitively. */
public final class HostGlobs {
  private final List<String> globs;

  public HostGlobs(List<String> globs) {
    this.globs = globs.stream().map(g -> g.trim().toLowerCase(Locale.ROOT)).filter(g -> !g.isEmpty()).toList();
  }

  public boolean matches(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String g : globs) {
      if (g.startsWith("*.")) {
        String suffix = g.substring(1);
        if (h.endsWith(suffix) || h.equals(g.substring(2))) {
          return true;
        }
      } else if (g.equals(h)) {
        return true;
      }
    }
    return false;
  }
}
