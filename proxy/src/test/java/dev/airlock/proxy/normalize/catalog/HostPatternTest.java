package dev.airlock.proxy.normalize.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      *.atlassian.net  | acme.atlassian.net     | true
      *.atlassian.net  | a.b.atlassian.net      | true
      *.atlassian.net  | atlassian.net          | false
      *.atlassian.net  | acme.atlassian.net.evil| false
      *.atlassian.net  | evilatlassian.net      | false
      api.github.com   | api.github.com         | true
      api.github.com   | xapi.github.com        | false
      api-*.example.com| api-eu.example.com     | true
      api-*.example.com| api-eu.x.example.com   | false
      """)
  void matches(String glob, String host, boolean matches) {
    assertThat(new HostPattern(glob).matches(host)).isEqualTo(matches);
  }
}
