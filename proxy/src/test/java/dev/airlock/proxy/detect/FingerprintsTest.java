package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
  private static final byte[] SALT = "per-tenant-salt".getBytes(StandardCharsets.UTF_8);

  @Test
  void isTruncatedHmacSha256() {
    // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?")
    // = 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
    String fp = Fingerprints.fingerprint("what do ya want for nothing?", "Jefe".getBytes(StandardCharsets.US_ASCII));

    assertThat(fp).isEqualTo("5bdcc146bf60754e6a042426089575c7");
  }

  @Test
  void sameValueSameSaltCorrelates() {
    assertThat(Fingerprints.fingerprint("bob@example.com", SALT))
        .hasSize(32)
        .isEqualTo(Fingerprints.fingerprint("bob@example.com", SALT))
        .isNotEqualTo(Fingerprints.fingerprint("bob@example.org", SALT))
        .isNotEqualTo(Fingerprints.fingerprint("bob@example.com", new byte[] {1}));
  }

  @Test
  void rejectsEmptySalt() {
    assertThatThrownBy(() -> Fingerprints.fingerprint("v", new byte[0]))
        .hasMessage("salt: 0 bytes (expected: >= 1)");
  }
}
