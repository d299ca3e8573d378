package dev.airlock.proxy.normalize.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MailAddressesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ann@acme.com                                        | ann@acme.com
      Ann Lee <Ann.Lee@Acme.com>                          | ann.lee@acme.com
      "Lee, Ann" <ann@acme.com>, bob@globex.example       | ann@acme.com,bob@globex.example
      "eve@evil.example" <ann@acme.com>                   | ann@acme.com
      bob@globex.example (Bob, from Globex)               | bob@globex.example
      team: a@acme.com, b@globex.example;, c@acme.com     | a@acme.com,b@globex.example,c@acme.com
      undisclosed-recipients:;                            | ''
      not an address                                      | ''
      =?UTF-8?B?QW5u?= <ann@acme.com>                     | ann@acme.com
      """)
  void readsAddressLists(String value, String expected) {
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
    assertThat(MailAddresses.addresses(value)).isEqualTo(want);
  }

  @Test
  void readsToCcBccOfTheHeaderSectionOnly() {
    String message = "From: agent@acme.com\r\n"
        + "To: Ann <ann@acme.com>,\r\n"
        + "\tBob <bob@globex.example>\r\n"
        + "CC: ops@acme.com\r\n"
        + "bcc: ann@acme.com, hidden@globex.example\r\n"
        + "Reply-To: replies@elsewhere.example\r\n"
        + "Subject: To: fake@header.example\r\n"
        + "\r\n"
        + "To: body@inside.example\r\n";

    assertThat(MailAddresses.recipients(message))
        .containsExactly("ann@acme.com", "bob@globex.example", "ops@acme.com", "hidden@globex.example");
  }
}
