package dev.airlock.admin.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random prefixed ids such as {@code agt_3f9c0a...}: 96 random bits, hex encoded. */
public final class Ids {
  // SecureRandom is thread-safe; a shared instance avoids re-seeding per id (as java.util.UUID does).
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  public static String newId(String prefix) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return prefix + "_" + HexFormat.of().formatHex(bytes);
  }
}
