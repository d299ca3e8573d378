package dev.airlock.proxy.normalize.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.TestRequests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Push bodies recorded from real git pushes (make-captures.sh) against their sidecar JSON. */
class ReceivePackParserTest {
  private final ReceivePackParser parser = new ReceivePackParser(PackLimits.DEFAULT);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"create-branch", "fast-forward", "force-amend", "force-unrelated",
      "create-existing-commit", "delete-branch", "two-updates", "fast-forward-deltas"})
  void capturedPushMatchesSidecar(String name) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(capture(name + ".json"));
    GitPush push = parser.parse(capture(name + ".bin")).orElseThrow();

    List<RefUpdate> want = new ArrayList<>();
    for (JsonNode u : expected.get("updates")) {
      want.add(new RefUpdate(u.get("old").asText(), u.get("new").asText(), u.get("ref").asText(),
          ForcePush.valueOf(u.get("force_push").asText())));
    }
    assertThat(push.refUpdates()).isEqualTo(want);
  }

  @Test
  void creationAndDeletionFlags() {
    GitPush created = parser.parse(capture("create-branch.bin")).orElseThrow();
    GitPush deleted = parser.parse(capture("delete-branch.bin")).orElseThrow();

    assertThat(created.refUpdates().get(0).created()).isTrue();
    assertThat(created.refUpdates().get(0).deleted()).isFalse();
    assertThat(deleted.refUpdates().get(0).deleted()).isTrue();
    assertThat(deleted.refUpdates().get(0).refName()).isEqualTo("refs/heads/feature");
  }

  @Test
  void aggregateForcePush() {
    assertThat(parser.parse(capture("force-amend.bin")).orElseThrow().forcePush())
        .isEqualTo(ForcePush.TRUE);
    assertThat(parser.parse(capture("two-updates.bin")).orElseThrow().forcePush())
        .isEqualTo(ForcePush.FALSE);
  }

  @ParameterizedTest(name = "cut at {0}%")
  @ValueSource(ints = {99, 90, 70, 50, 30})
  void truncatedPackIsUnknownButRefsAreStillSeen(int percent) {
    byte[] full = capture("fast-forward.bin");
    byte[] cut = Arrays.copyOf(full, packStart(full) + (full.length - packStart(full)) * percent / 100);

    GitPush push = parser.parse(cut).orElseThrow();

    assertThat(push.refUpdates()).singleElement().satisfies(u -> {
      assertThat(u.refName()).isEqualTo("refs/heads/main");
      assertThat(u.forcePush()).isEqualTo(ForcePush.UNKNOWN);
    });
  }

  @Test
  void corruptedPackIsUnknown() {
    byte[] body = capture("force-amend.bin");
    body[body.length - 30] ^= 0x55;

    assertThat(parser.parse(body).orElseThrow().forcePush()).isEqualTo(ForcePush.UNKNOWN);
  }

  @Test
  void missingPackIsUnknownForUpdates() {
    byte[] full = capture("fast-forward.bin");
    byte[] commandsOnly = Arrays.copyOf(full, packStart(full));

    assertThat(parser.parse(commandsOnly).orElseThrow().forcePush()).isEqualTo(ForcePush.UNKNOWN);
  }

  @Test
  void limitsDegradeToUnknown() {
    ReceivePackParser tight = new ReceivePackParser(new PackLimits(100_000, 64, 1 << 20, 8 << 20));

    assertThat(tight.parse(capture("fast-forward.bin")).orElseThrow().forcePush())
        .isEqualTo(ForcePush.UNKNOWN);
  }

  @Test
  void garbageIsNoPush() {
    assertThat(parser.parse(new byte[0])).isEmpty();
    assertThat(parser.parse("zzzz not a pkt-line".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(parser.parse("0000PACK".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void commandWithoutCapabilitiesOrNewline() {
    String line = "a".repeat(40) + " " + "b".repeat(40) + " refs/tags/v1";
    String pkt = String.format("%04x", line.length() + 4) + line + "0000";

    GitPush push = parser.parse(pkt.getBytes(StandardCharsets.US_ASCII)).orElseThrow();

    assertThat(push.refUpdates()).singleElement().satisfies(u -> {
      assertThat(u.refName()).isEqualTo("refs/tags/v1");
      assertThat(u.forcePush()).isEqualTo(ForcePush.UNKNOWN);
    });
  }

  /** git reads ids in either case; a command it would run must not go unseen here. */
  @Test
  void upperCaseIdsAreReadAsTheSameIds() {
    byte[] body = capture("force-amend.bin");
    int first = new String(body, StandardCharsets.ISO_8859_1).indexOf(' ') - 40;
    for (int i = first; i < first + 81; i++) {
      body[i] = (byte) Character.toUpperCase((char) body[i]);
    }

    GitPush push = parser.parse(body).orElseThrow();

    assertThat(push.refUpdates()).singleElement().satisfies(u -> {
      assertThat(u.oldId()).isEqualTo(u.oldId().toLowerCase(java.util.Locale.ROOT));
      assertThat(u.forcePush()).isEqualTo(ForcePush.TRUE);
    });
    assertThat(push.refUpdates()).isEqualTo(parser.parse(capture("force-amend.bin")).orElseThrow().refUpdates());
  }

  private static int packStart(byte[] body) {
    String s = new String(body, StandardCharsets.ISO_8859_1);
    int at = s.indexOf("0000PACK");
    assertThat(at).isPositive();
    return at + 4;
  }

  private static byte[] capture(String name) {
    return TestRequests.resource("normalize/git/" + name);
  }
}
