package dev.airlock.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FillerTest {
  @ParameterizedTest
  @ValueSource(ints = {64, 1024, 65536, 1_000_000})
  void bodyIsValidJsonOfTheExactSize(int size) throws Exception {
    byte[] body = Filler.json(size);

    assertThat(body).hasSize(size);
    assertThat(new ObjectMapper().readTree(body).get("notes").size()).isPositive();
  }

  @Test
  void bodyHoldsNoDigitsOrLongTokens() {
    String body = new String(Filler.json(65536), StandardCharsets.US_ASCII);

    assertThat(body).doesNotContainPattern("[0-9]");
    assertThat(body).doesNotContainPattern("[A-Za-z]{16,}");
  }
}
