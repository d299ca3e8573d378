package dev.airlock.proxy.normalize.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever an agent sends as gRPC, reading it never throws and what it yields stays bounded. */
class GrpcRobustnessTest {

  @Test
  void randomAndMutatedBodiesNeverThrow() {
    Random random = new Random(11);
    byte[] valid = Proto.frames(Proto.message().string(1, "title").message(2, Proto.message()
        .string(1, "nested").packed(3, 1, 2, 300).fixed64(4, 9)).group(5, Proto.message().string(1, "g")).toBytes());
    for (int i = 0; i < 5000; i++) {
      byte[] body;
      if (i % 2 == 0) {
        body = new byte[random.nextInt(400)];
        random.nextBytes(body);
        if (body.length >= 5) {
          body[0] = (byte) random.nextInt(2);
          body[1] = body[2] = 0;
        }
      } else {
        body = valid.clone();
        for (int m = 0; m < 1 + random.nextInt(4); m++) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
      }

      GrpcFrames.Decoded d = GrpcFrames.decode(body, random.nextBoolean() ? "gzip" : null, 1 << 16);
      List<String> texts = GrpcText.of(d.body() != null ? d.body() : body);

      assertThat(d.body() == null).isEqualTo(d.problem() != null);
      long chars = texts.stream().mapToLong(String::length).sum();
      // Each message may yield at most BUDGET_FACTOR times its size plus 64; a frame is 5 bytes or more.
      assertThat(chars).isLessThanOrEqualTo((long) ProtobufText.BUDGET_FACTOR * body.length + 64L * (body.length / 5 + 1));
    }
  }
}
