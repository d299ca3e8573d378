package dev.airlock.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.255.1.2, true",
      "10.0.0.0/8, 11.0.0.1, false",
      "127.0.0.1, 127.0.0.1, true",
      "127.0.0.1, 127.0.0.2, false",
      "192.168.4.0/22, 192.168.7.255, true",
      "192.168.4.0/22, 192.168.8.0, false",
      "fc00::/7, fd12:3456::1, true",
      "fc00::/7, 2001:db8::1, false",
      "0.0.0.0/0, 8.8.8.8, true",
      "::1/128, 127.0.0.1, false"
  })
  void containment(String cidr, String address, boolean expected) throws Exception {
    assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "10.0.0.0/33", "10.0.0.0/x", "", "::1/129"})
  void rejectsInvalid(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
