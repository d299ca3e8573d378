package dev.airlock.proxy.normalize.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrableDomainTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      api.example.co.uk     | example.co.uk
      foo.bar.co.uk         | bar.co.uk
      example.co.uk         | example.co.uk
      co.uk                 | co.uk
      a.b.c.example.com     | example.com
      example.com           | example.com
      example.com.          | example.com
      localhost             | localhost
      shop.example.com.au   | example.com.au
      x.y.example.co.jp     | example.co.jp
      attacker.github.io    | attacker.github.io
      a.attacker.github.io  | attacker.github.io
      10.0.0.1              | 10.0.0.1
      [::1]                 | ::1
      2001:db8::1           | 2001:db8::1
      """)
  void registrableDomain(String host, String expected) {
    assertThat(RegistrableDomain.of(host)).isEqualTo(expected);
  }
}
