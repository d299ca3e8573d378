package dev.airlock.proxy.normalize.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.TestRequests;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A damaged body must never make a force push look like a fast-forward, nor throw. */
class ReceivePackRobustnessTest {
  private final ReceivePackParser parser = new ReceivePackParser(PackLimits.DEFAULT);

  @Test
  void everyTruncationOfAForcePushStaysForcedOrUnknown() {
    byte[] full = TestRequests.resource("normalize/git/force-amend.bin");
    for (int len = 0; len < full.length; len++) {
      Optional<GitPush> push = parser.parse(Arrays.copyOf(full, len));
      push.ifPresent(p -> assertThat(p.forcePush()).isNotEqualTo(ForcePush.FALSE));
    }
  }

  @Test
  void randomByteFlipsNeverThrowNorTurnAForcePushIntoAFastForward() {
    byte[] full = TestRequests.resource("normalize/git/force-unrelated.bin");
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] body = full.clone();
      body[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
      parser.parse(body).ifPresent(p -> assertThat(p.forcePush()).isNotEqualTo(ForcePush.FALSE));
    }
  }
}
