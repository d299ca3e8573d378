package dev.airlock.proxy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScanCasesTest {
  private static final Detectors DETECTORS = new Detectors(DetectorSettings.defaults());

  record Expected(String id, String span) {}

  record Case(String name, String text, List<Expected> expect) {}

  static Stream<Arguments> cases() throws IOException {
    return Stream.concat(read("/detect/scan-cases.yaml"), read("/detect/vendor-secret-cases.yaml"));
  }

  private static Stream<Arguments> read(String resource) throws IOException {
    try (InputStream in = ScanCasesTest.class.getResourceAsStream(resource)) {
      List<Case> cases = new ObjectMapper(new YAMLFactory()).readValue(in, new TypeReference<List<Case>>() {});
      return cases.stream().map(c -> Arguments.of(c.name(), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyTheExpectedSpans(String name, Case c) {
    List<Expected> actual = DETECTORS.scan(c.text()).stream()
        .map(f -> new Expected(f.detectorId(), c.text().substring(f.start(), f.end())))
        .toList();

    assertThat(actual).as(name).containsExactlyElementsOf(c.expect());
  }
}
