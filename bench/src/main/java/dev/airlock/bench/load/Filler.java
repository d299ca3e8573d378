package dev.airlock.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * JSON-shaped request bodies of an exact size made of plain words: no digits runs, no long random
 * tokens, nothing a secret or personal-data detector should flag, so every proxy forwards them.
 */
public final class Filler {
  private static final String[] WORDS = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"
  };
  private static final String HEAD = "{\"kind\":\"bench\",\"notes\":[";
  private static final String TAIL = "]}";

  private Filler() {}

  /** A JSON document of exactly {@code size} bytes, or fewer-than-minimal filler for tiny sizes. */
  public static byte[] json(int size) {
    if (size < HEAD.length() + TAIL.length() + 2) {
      return " ".repeat(size).getBytes(StandardCharsets.US_ASCII);
    }
    StringBuilder sb = new StringBuilder(size).append(HEAD);
    int budget = size - TAIL.length();
    int i = 0;
    while (true) {
      String item = (i == 0 ? "" : ",") + "\"" + WORDS[i % WORDS.length] + " " + WORDS[(i * 7 + 3) % WORDS.length] + "\"";
      if (sb.length() + item.length() > budget) {
        break;
      }
      sb.append(item);
      i++;
    }
    // JSON allows whitespace between tokens: pad to the exact size.
    sb.append(" ".repeat(budget - sb.length())).append(TAIL);
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
