package dev.airlock.proxy.normalize.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {
  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      /rest/api/{version}/issue      | /rest/api/3/issue            | true
      /rest/api/{version}/issue      | /rest/api/3/issue/           | true
      /rest/api/{version}/issue      | /rest/api/3/issue/X-1        | false
      /rest/api/{version}/issue      | /rest/api//issue             | false
      /repos/{o}/{r}/contents/**     | /repos/a/b/contents/x/y/z.md | true
      /repos/{o}/{r}/contents/**     | /repos/a/b/contents          | true
      /repos/{o}/{r}/contents/**     | /repos/a/b/content           | false
      /bot*/sendMessage              | /bot123:ABC/sendMessage      | true
      /bot*/sendMessage              | /user1/sendMessage           | false
      /**                            | /                            | true
      /                              | /                            | true
      /                              | /a                           | false
      """)
  void matches(String template, String path, boolean matches) {
    assertThat(PathTemplate.parse(template).orElseThrow().match(path).isPresent())
        .isEqualTo(matches);
  }

  @Test
  void capturesDecodedVariables() {
    assertThat(PathTemplate.parse("/users/{name}/x").orElseThrow().match("/users/a%20b+c/x"))
        .hasValue(Map.of("name", "a b+c"));
  }

  @ParameterizedTest
  @CsvSource({"a/b", "/a//b", "/**/a", "/{A}", "/{x}/{x}", "/a{b}", "/{}", "/{x"})
  void rejectsInvalidTemplates(String template) {
    assertThat(PathTemplate.parse(template)).isEmpty();
  }
}
