package dev.airlock.admin.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LineDiffTest {
  private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@$");

  @Test
  void equalTextsHaveNoDiff() {
    assertThat(LineDiff.unified("a\nb\n", "a\nb\n", "x", "y")).isEmpty();
  }

  @Test
  void aChangedLineIsShownWithThreeLinesOfContext() {
    String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
    assertThat(LineDiff.unified(before, after, "a", "b")).isEqualTo(
        "--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  }

  @Test
  void distantChangesGetTheirOwnHunksAndNearOnesShareOne() {
    StringBuilder a = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      a.append(i).append('\n');
    }
    String far = a.toString().replace("\n3\n", "\nthree\n").replace("\n25\n", "\n");
    assertThat(LineDiff.unified(a.toString(), far, "a", "b")).isEqualTo("--- a\n+++ b\n"
        + "@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n"
        + "@@ -22,7 +22,6 @@\n 22\n 23\n 24\n-25\n 26\n 27\n 28\n");
    String near = a.toString().replace("\n3\n", "\nthree\n").replace("\n10\n", "\nten\n");
    assertThat(LineDiff.unified(a.toString(), near, "a", "b")).contains("@@ -1,13 +1,13 @@\n").doesNotContain("@@ -7");
  }

  @Test
  void fromNothingEveryLineIsAdded() {
    assertThat(LineDiff.unified("", "x\ny\n", "/dev/null", "new"))
        .isEqualTo("--- /dev/null\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  }

  @Test
  void applyingTheDiffToTheOldTextGivesTheNewOne() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      List<String> a = new ArrayList<>();
      for (int i = 0; i < random.nextInt(40); i++) {
        a.add("l" + random.nextInt(8));
      }
      List<String> b = new ArrayList<>(a);
      for (int edits = random.nextInt(6); edits > 0; edits--) {
        int at = b.isEmpty() ? 0 : random.nextInt(b.size() + 1);
        if (random.nextBoolean() && at < b.size()) {
          b.remove(at);
        } else {
          b.add(at, "n" + random.nextInt(8));
        }
      }
      String before = text(a);
      String after = text(b);
      String diff = LineDiff.unified(before, after, "a", "b");
      assertThat(diff.isEmpty()).isEqualTo(a.equals(b));
      assertThat(patch(a, diff)).as("round %d:\n%s", round, diff).isEqualTo(b);
    }
  }

  @Test
  void pastTheEditBoundTheMiddleIsReplacedWhole() {
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < LineDiff.MAX_EDITS; i++) {
      a.append("a").append(i).append('\n');
      b.append("b").append(i).append('\n');
    }
    String diff = LineDiff.unified("same\n" + a, "same\n" + b, "x", "y");
    assertThat(diff).startsWith("--- x\n+++ y\n@@ -1," + (LineDiff.MAX_EDITS + 1) + " +1," + (LineDiff.MAX_EDITS + 1)
        + " @@\n same\n-a0\n");
    assertThat(patch(lines("same\n" + a), diff)).isEqualTo(lines("same\n" + b));
  }

  private static String text(List<String> lines) {
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>(List.of(text.split("\n")));
    out.removeIf(String::isEmpty);
    return out;
  }

  /** Applies a unified diff strictly: every context and removed line must match where the hunk says. */
  private static List<String> patch(List<String> a, String diff) {
    List<String> out = new ArrayList<>();
    int next = 0;
    List<String> lines = diff.isEmpty() ? List.of() : List.of(diff.split("\n", -1));
    for (int i = 2; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = HUNK.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      int aStart = Integer.parseInt(m.group(1));
      int aLen = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
      int bLen = m.group(4) == null ? 1 : Integer.parseInt(m.group(4));
      int from = aLen == 0 ? aStart : aStart - 1;
      while (next < from) {
        out.add(a.get(next++));
      }
      int seenA = 0;
      int seenB = 0;
      while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("@@") && !lines.get(i + 1).isEmpty()) {
        String l = lines.get(++i);
        char tag = l.charAt(0);
        String text = l.substring(1);
        if (tag != '+') {
          assertThat(a.get(next)).isEqualTo(text);
          next++;
          seenA++;
        }
        if (tag != '-') {
          out.add(text);
          seenB++;
        }
      }
      assertThat(seenA).isEqualTo(aLen);
      assertThat(seenB).isEqualTo(bLen);
    }
    while (next < a.size()) {
      out.add(a.get(next++));
    }
    return out;
  }
}
