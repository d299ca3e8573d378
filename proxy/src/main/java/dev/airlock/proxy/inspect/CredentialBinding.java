package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;

/**
 * Decides whether a secret is the agent's own credential for the API it calls — bound to its
 * destination, hence not egress — or data leaving towards someone else.
 *
 * <ul>
 *   <li>A secret whose rule names its issuer's hosts is bound exactly when the destination is one
 *       of them (or a subdomain): a GitHub token sent to api.github.com authenticates, the same
 *       token sent anywhere else leaks, wherever in the request it is.
 *   <li>A secret without a known issuer (a JWT, a generic {@code api_key=} value, an operator's
 *       rule) is bound only in a header that carries credentials ({@code Authorization},
 *       {@code Cookie}, {@code X-Api-Key}, …): presenting a credential to the host it is sent to
 *       is what those headers are for. Anywhere else it is egress. Private keys never are bound.
 * </ul>
 */
final class CredentialBinding {
  private static final String PRIVATE_KEY = "SECRETS.private_key";

  private final Detectors detectors;

  CredentialBinding(Detectors detectors) {
    this.detectors = detectors;
  }

  /**
   * @param header lower-case name of the header the finding is in, or null when it is not in one
   * @param host the destination host
   */
  boolean isBound(Finding f, String header, String host) {
    if (f.dataClass() != DataClass.SECRETS) {
      return false;
    }
    if (!detectors.issuerHosts(f.detectorId()).isEmpty()) {
      return detectors.isIssuer(f.detectorId(), host);
    }
    return header != null && isCredentialHeader(header) && !f.detectorId().equals(PRIVATE_KEY);
  }

  /** Headers whose purpose is to authenticate the client to the server it talks to. */
  static boolean isCredentialHeader(String name) {
    return name.equals("authorization") || name.equals("cookie") || name.contains("api-key")
        || name.contains("apikey") || name.contains("token") || name.contains("auth")
        || name.endsWith("-key") || name.contains("secret");
  }
}
