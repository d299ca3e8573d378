package dev.airlock.proxy.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExternalPrincipalsTest {
  private final ExternalPrincipals org =
      new ExternalPrincipals(Set.of("acme.com", "Acme.io"), Set.of("Acme", "acme-labs"));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      gmail    | bob@acme.com                 | false
      gmail    | bob@eng.acme.com             | false
      gmail    | bob@ACME.IO                  | false
      gmail    | eve@evil.com                 | true
      gmail    | bob@acme.com;eve@evil.com    | true
      gmail    | eve@notacme.com              | true
      drive    | partner.org                  | true
      drive    | docs.acme.com                | false
      slack    | C0123456789                  | false
      github   | acme                         | false
      github   | ACME-LABS                    | false
      github   | octocat                      | true
      github   | eve@evil.com                 | true
      anything | ''                           | false
      drive    | *                            | true
      slack    | C0123456789;*                | true
      """)
  void classifiesRecipients(String tool, String recipients, boolean external) {
    List<String> list = recipients.isEmpty() ? List.of() : List.of(recipients.split(";"));
    ToolCall call = new ToolCall(tool, "op", Verb.WRITE, null, list, Map.of());

    assertThat(org.isExternal(call)).isEqualTo(external);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      gmail  | eve@evil.com
      github | octocat
      """)
  void emptyOrgSetsMakeNothingExternal(String tool, String recipient) {
    ExternalPrincipals none = new ExternalPrincipals(Set.of(), Set.of());
    ToolCall call = new ToolCall(tool, "op", Verb.WRITE, null, List.of(recipient), Map.of());

    assertThat(none.isExternal(call)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void aGrantToAnyoneIsExternalEvenWithoutOrgDomains() {
    ExternalPrincipals none = new ExternalPrincipals(Set.of(), Set.of());
    ToolCall call = new ToolCall("google_drive", "share_file", Verb.ADMIN, null, List.of(ToolCall.ANYONE),
        Map.of(ToolCall.EXTERNAL_OPERATION, "share_file_external"));

    assertThat(none.isExternal(call)).isTrue();
    assertThat(call.whenExternal().operation()).isEqualTo("share_file_external");
  }
}
