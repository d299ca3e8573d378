package dev.airlock.proxy.inspect;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Remembers the findings of short texts that recur from request to request — an SDK sends the
 * same header lines (its user agent, the agent's own API key) and the same paths again and again,
 * an API answers a poll with the same small document — so that they are scanned once, not on
 * every request.
 *
 * <p>A text found clean is remembered as itself. A text with findings is remembered only by a
 * salted SHA-256 digest of it, so the cache never holds the value of a secret it found; the salt
 * is random per process, so no one can aim a text at another's digest. Texts that are not
 * remembered yet are scanned together in one pass, each on its own line.
 */
public final class ScanCache {
  /** Texts longer than this are scanned every time: they rarely recur and would crowd the cache. */
  public static final int MAX_TEXT = 2048;

  private final Detectors detectors;
  private final Cache<String, Boolean> clean;
  private final Cache<Digest, List<Finding>> withFindings;
  private final byte[] salt = new byte[16];
  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(ScanCache::newDigest);

  public ScanCache(Detectors detectors, int maxEntries) {
    this.detectors = detectors;
    this.clean = Caffeine.newBuilder().maximumSize(maxEntries).build();
    this.withFindings = Caffeine.newBuilder().maximumSize(maxEntries).build();
    new SecureRandom().nextBytes(salt);
  }

  /** The findings of each text, spans relative to that text. */
  public List<List<Finding>> scan(List<String> texts) {
    List<List<Finding>> out = new ArrayList<>(texts.size());
    List<Integer> missed = null;
    Digest[] digests = new Digest[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      List<Finding> known = null;
      if (text.length() <= MAX_TEXT) {
        if (clean.getIfPresent(text) != null) {
          known = List.of();
        } else {
          digests[i] = digest(text);
          known = withFindings.getIfPresent(digests[i]);
        }
      }
      out.add(known);
      if (known == null) {
        if (missed == null) {
          missed = new ArrayList<>();
        }
        missed.add(i);
      }
    }
    if (missed != null) {
      scanTogether(texts, missed, digests, out);
    }
    return out;
  }

  /** One scan over the missed texts joined by line breaks; findings go back to their own text. */
  private void scanTogether(List<String> texts, List<Integer> missed, Digest[] digests, List<List<Finding>> out) {
    StringBuilder joined = new StringBuilder();
    int[] starts = new int[missed.size()];
    for (int m = 0; m < missed.size(); m++) {
      starts[m] = joined.length();
      joined.append(texts.get(missed.get(m))).append('\n');
    }
    List<List<Finding>> found = new ArrayList<>(missed.size());
    for (int m = 0; m < missed.size(); m++) {
      found.add(new ArrayList<>(0));
    }
    for (Finding f : detectors.scan(joined.toString())) {
      int m = Arrays.binarySearch(starts, f.start());
      m = m >= 0 ? m : -m - 2;
      int length = texts.get(missed.get(m)).length();
      int start = f.start() - starts[m];
      found.get(m).add(new Finding(f.dataClass(), f.detectorId(), start, Math.min(f.end() - starts[m], length)));
    }
    for (int m = 0; m < missed.size(); m++) {
      int i = missed.get(m);
      List<Finding> findings = List.copyOf(found.get(m));
      out.set(i, findings);
      String text = texts.get(i);
      if (text.length() <= MAX_TEXT) {
        if (findings.isEmpty()) {
          clean.put(text, Boolean.TRUE);
        } else {
          withFindings.put(digests[i], findings);
        }
      }
    }
  }

  /** Whether {@code text} itself is held (only ever for clean texts). */
  boolean holdsText(String text) {
    return clean.getIfPresent(text) != null;
  }

  private Digest digest(String text) {
    MessageDigest md = sha256.get();
    md.update(salt);
    byte[] d = md.digest(text.getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.wrap(d);
    return new Digest(b.getLong(), b.getLong(), b.getLong(), b.getLong());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
    }
  }

  /** A SHA-256 digest as a map key. */
  private record Digest(long a, long b, long c, long d) {}
}
