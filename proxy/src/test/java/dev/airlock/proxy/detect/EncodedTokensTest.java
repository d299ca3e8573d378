package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EncodedTokensTest {

  @Test
  void decodesTextTokensAndLeavesWordsAndBinaryAlone() {
    String secret = Base64.getEncoder().encodeToString("password=hunter2-hunter2".getBytes(StandardCharsets.UTF_8));
    String hex = HexFormat.of().formatHex("token: abcdefghijkl".getBytes(StandardCharsets.UTF_8));
    String sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";
    String text = "{\"a\":\"alpha bravo\",\"b\":\"" + secret + "\",\"c\":\"" + hex + "\",\"d\":\"" + sha + "\"}";

    List<String> found = tokens(text);

    int at = text.indexOf(secret);
    int hexAt = text.indexOf(hex);
    assertThat(found).containsExactly(
        at + ".." + (at + secret.length()) + "=password=hunter2-hunter2",
        hexAt + ".." + (hexAt + hex.length()) + "=token: abcdefghijkl");
  }

  @Test
  void probingFindsTheSameTokensAsReadingEveryChar() {
    SplittableRandom random = new SplittableRandom(7);
    String[] pieces = {
      " ", "\"", ",", "=", "==", "/", "alpha", "kilo", "x",
      Base64.getEncoder().encodeToString("the quick brown fox jumps".getBytes(StandardCharsets.UTF_8)),
      Base64.getUrlEncoder().withoutPadding().encodeToString("key=value; other=thing".getBytes(StandardCharsets.UTF_8)),
      HexFormat.of().formatHex("plain text in hex form".getBytes(StandardCharsets.UTF_8)),
      "abcdefghijklmno", "abcdefghijklmnop",
      // Exactly MIN_BASE64 chars that decode to text, the shortest token reported.
      Base64.getEncoder().encodeToString("hello world!".getBytes(StandardCharsets.UTF_8)), "path/segment/" + Base64.getEncoder().encodeToString("segment text ok!".getBytes(StandardCharsets.UTF_8))
    };
    for (int run = 0; run < 3_000; run++) {
      StringBuilder text = new StringBuilder();
      for (int p = random.nextInt(40); p > 0; p--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String s = text.toString();
      assertThat(tokens(s)).as("text %s", s).isEqualTo(everyChar(s));
    }
  }

  private static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    EncodedTokens.forEachToken(text, (start, end, decoded) -> out.add(start + ".." + end + "=" + decoded));
    return out;
  }

  /** The plain scan: every maximal run of base64 chars, with up to two '=' of padding. */
  private static List<String> everyChar(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!base64(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && base64(text.charAt(i))) {
        i++;
      }
      int end = i;
      while (i < n && i - end < 2 && text.charAt(i) == '=') {
        i++;
      }
      if (end - start >= EncodedTokens.MIN_BASE64) {
        int padded = i;
        List<String> run = new ArrayList<>();
        EncodedTokens.forEachToken(text.substring(start, padded), (s, e, decoded) -> run.add((start + s) + ".." + (start + e) + "=" + decoded));
        out.addAll(run);
      }
    }
    return out;
  }

  private static boolean base64(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '+' || c == '/' || c == '-' || c == '_';
  }
}
