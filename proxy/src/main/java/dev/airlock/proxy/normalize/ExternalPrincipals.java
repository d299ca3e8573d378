package dev.airlock.proxy.normalize;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a call sends data to someone outside the organisation: an email address or
 * domain outside the org domains (subdomains count as inside), or, for GitHub, a repository owner
 * not among the org's owners. An empty set disables its check, so with no org configuration
 * nothing is external, except a grant to anyone ({@link ToolCall#ANYONE}), which is outside
 * every org.
 */
public final class ExternalPrincipals {
  private static final String GITHUB = "github";

  private final Set<String> orgDomains;
  private final Set<String> orgGithubOwners;

  public ExternalPrincipals(Set<String> orgDomains, Set<String> orgGithubOwners) {
    this.orgDomains = lower(orgDomains);
    this.orgGithubOwners = lower(orgGithubOwners);
  }

  public boolean isExternal(ToolCall call) {
    for (String recipient : call.recipients()) {
      String r = recipient.strip().toLowerCase(Locale.ROOT);
      if (r.equals(ToolCall.ANYONE)) {
        return true;
      }
      if (call.tool().equals(GITHUB) && !r.contains("@") && !r.contains(".")) {
        if (!orgGithubOwners.isEmpty() && !orgGithubOwners.contains(r)) {
          return true;
        }
      } else if (!orgDomains.isEmpty() && isOutsideOrg(r)) {
        return true;
      }
    }
    return false;
  }

  /** Emails and domain names are judged; channel ids and other opaque names are not. */
  private boolean isOutsideOrg(String recipient) {
    int at = recipient.lastIndexOf('@');
    String domain = at >= 0 ? recipient.substring(at + 1) : recipient;
    if (domain.endsWith(".")) {
      domain = domain.substring(0, domain.length() - 1);
    }
    if (!domain.contains(".") || !domain.matches("[a-z0-9.-]+")) {
      return false;
    }
    for (String org : orgDomains) {
      if (domain.equals(org) || domain.endsWith("." + org)) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> lower(Set<String> values) {
    return values.stream()
        .map(v -> v.strip().toLowerCase(Locale.ROOT))
        .filter(v -> !v.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
