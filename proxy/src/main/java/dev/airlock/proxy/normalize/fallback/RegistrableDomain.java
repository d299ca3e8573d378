package dev.airlock.proxy.normalize.fallback;

import java.util.Arrays;
import java.util.Set;

/**
 * The registrable domain ("eTLD+1") of a host: {@code api.example.co.uk} → {@code example.co.uk}.
 * A compact list of multi-label public suffixes stands in for the full Public Suffix List: it
 * covers the common country second levels and the hosting platforms where every subdomain belongs
 * to a different owner (so {@code attacker.github.io} stays distinct from {@code github.io}).
 * Single-label suffixes need no list: the last label is always a suffix.
 */
public final class RegistrableDomain {
  private static final Set<String> MULTI_LABEL_SUFFIXES = Set.of(
      "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "sch.uk",
      "nhs.uk", "police.uk",
      "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
      "co.nz", "org.nz", "net.nz", "govt.nz", "ac.nz", "school.nz",
      "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ad.jp", "ed.jp", "lg.jp",
      "co.kr", "or.kr", "ne.kr", "go.kr", "ac.kr", "re.kr",
      "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
      "com.hk", "org.hk", "net.hk", "edu.hk", "gov.hk", "idv.hk",
      "com.tw", "org.tw", "net.tw", "edu.tw", "gov.tw", "idv.tw",
      "com.sg", "org.sg", "net.sg", "edu.sg", "gov.sg",
      "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in", "ac.in", "gov.in", "edu.in",
      "co.id", "or.id", "go.id", "ac.id", "web.id", "my.id",
      "co.th", "or.th", "go.th", "ac.th", "in.th",
      "com.my", "net.my", "org.my", "gov.my", "edu.my",
      "com.ph", "net.ph", "org.ph", "gov.ph", "edu.ph",
      "com.vn", "net.vn", "org.vn", "gov.vn", "edu.vn",
      "com.pk", "net.pk", "org.pk", "gov.pk", "edu.pk",
      "co.il", "org.il", "net.il", "ac.il", "gov.il",
      "com.tr", "net.tr", "org.tr", "gov.tr", "edu.tr",
      "com.sa", "net.sa", "org.sa", "gov.sa", "edu.sa",
      "com.eg", "gov.eg", "edu.eg", "com.ng", "gov.ng", "co.ke", "or.ke", "go.ke",
      "co.za", "org.za", "net.za", "gov.za", "ac.za", "web.za",
      "com.br", "net.br", "org.br", "gov.br", "edu.br", "art.br",
      "com.ar", "net.ar", "org.ar", "gob.ar", "edu.ar",
      "com.mx", "net.mx", "org.mx", "gob.mx", "edu.mx",
      "com.co", "net.co", "org.co", "gov.co", "edu.co",
      "com.pe", "net.pe", "org.pe", "gob.pe", "com.ve", "com.uy", "com.ec", "com.bo",
      "com.ua", "net.ua", "org.ua", "gov.ua", "in.ua",
      "com.pl", "net.pl", "org.pl", "gov.pl", "co.at", "or.at", "ac.at", "gv.at",
      "com.es", "org.es", "gob.es", "com.pt", "com.gr", "com.cy", "com.mt", "co.hu",
      "github.io", "githubusercontent.com", "gitlab.io", "herokuapp.com", "vercel.app",
      "netlify.app", "pages.dev", "workers.dev", "appspot.com", "web.app", "firebaseapp.com",
      "blogspot.com", "azurewebsites.net", "cloudfront.net", "ngrok.io", "ngrok-free.app",
      "ngrok.app", "trycloudflare.com", "fly.dev", "onrender.com", "glitch.me", "repl.co",
      "replit.dev", "readthedocs.io", "surge.sh", "deno.dev", "r2.dev");

  private RegistrableDomain() {}

  /** @return the registrable domain, the IP itself for IP literals, the host for single labels */
  public static String of(String host) {
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      return h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (isIpLiteral(h)) {
      return h;
    }
    String[] labels = h.split("\\.");
    if (labels.length <= 2) {
      return h;
    }
    // Longest listed suffix wins; without one, the last label is the suffix.
    for (int i = 1; i < labels.length - 1; i++) {
      if (MULTI_LABEL_SUFFIXES.contains(String.join(".", Arrays.copyOfRange(labels, i,
          labels.length)))) {
        return String.join(".", Arrays.copyOfRange(labels, i - 1, labels.length));
      }
    }
    return labels[labels.length - 2] + "." + labels[labels.length - 1];
  }

  /** True for IPv4 dotted quads and IPv6 literals (with or without brackets). */
  public static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    // Dotted quad of 1-3 digit groups, without a regex: this runs for every unknown host.
    int groups = 1;
    int digits = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (digits == 0) {
          return false;
        }
        groups++;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        digits++;
      } else {
        return false;
      }
    }
    return groups == 4 && digits > 0;
  }
}
