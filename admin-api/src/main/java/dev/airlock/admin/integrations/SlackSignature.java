package dev.airlock.admin.integrations;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.alerts.IntegrationSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature: {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} over {@code
 * "v0:" + X-Slack-Request-Timestamp + ":" + raw body}, keyed with the app's signing secret. A
 * request whose timestamp is more than {@link #MAX_SKEW} away from now is refused whatever its
 * signature, so a captured request cannot be replayed later.
 */
public final class SlackSignature {
  /** How far a request's timestamp may be from this node's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private static final String VERSION = "v0";
  private static final int HEX_LENGTH = 64;
  private static final int MAX_TIMESTAMP_DIGITS = 12;

  /** What checking one request found. */
  public enum Result {
    VALID,
    /** One of the two headers is absent or empty. */
    MISSING_HEADERS,
    /** The headers are not of the documented form (digits; {@code v0=} and 64 hex digits). */
    MALFORMED,
    /** The timestamp is outside the replay window. */
    STALE,
    /** No signing secret produces this signature for this body. */
    MISMATCH
  }

  /**
   * @param result what the check found
   * @param app the Slack app whose secret signed the request, null unless {@code result} is VALID
   */
  public record Verdict(Result result, IntegrationSecrets.SlackApp app) {
    public Verdict {
      requireNonNull(result, "result");
    }
  }

  private final Clock clock;

  public SlackSignature(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  /** Checks a request against one signing secret. */
  public Result verify(String signingSecret, String timestamp, String signature, byte[] body) {
    return verify(List.of(new IntegrationSecrets.SlackApp("", signingSecret)), timestamp, signature, body).result();
  }

  /** Checks a request against every app's signing secret; the first that signed it is named. */
  public Verdict verify(List<IntegrationSecrets.SlackApp> apps, String timestamp, String signature, byte[] body) {
    requireNonNull(apps, "apps");
    requireNonNull(body, "body");
    if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
      return new Verdict(Result.MISSING_HEADERS, null);
    }
    String ts = timestamp.trim();
    String sig = signature.trim();
    if (!isDigits(ts) || !sig.startsWith(VERSION + "=") || sig.length() != VERSION.length() + 1 + HEX_LENGTH) {
      return new Verdict(Result.MALFORMED, null);
    }
    long age = clock.instant().getEpochSecond() - Long.parseLong(ts);
    if (Math.abs(age) > MAX_SKEW.toSeconds()) {
      return new Verdict(Result.STALE, null);
    }
    byte[] given = sig.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    for (IntegrationSecrets.SlackApp app : apps) {
      if (app.signingSecret() == null || app.signingSecret().isEmpty()) {
        continue;
      }
      byte[] expected = sign(app.signingSecret(), ts, body).getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) {
        return new Verdict(Result.VALID, app);
      }
    }
    return new Verdict(Result.MISMATCH, null);
  }

  /** The {@code X-Slack-Signature} value Slack would send for this body at this timestamp. */
  public static String sign(String signingSecret, String timestamp, byte[] body) {
    requireNonNull(signingSecret, "signingSecret");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > MAX_TIMESTAMP_DIGITS) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
