package dev.airlock.proxy.normalize.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogNormalizerTest {
  private static CatalogEntry entry(String tool, String... hosts) {
    return new CatalogEntry(tool, java.util.Arrays.stream(hosts).map(HostPattern::new).toList(), List.of(), List.of(),
        List.of(), "test/" + tool);
  }

  private final CatalogEntry exact = entry("exact", "api.example.com");
  private final CatalogEntry wildcard = entry("wild", "*.example.com");
  private final CatalogEntry other = entry("other", "other.org");
  private final CatalogNormalizer catalog = new CatalogNormalizer(List.of(wildcard, other, exact));

  @Test
  void theEntriesServingAHostKeepTheirMatchingOrder() {
    assertThat(catalog.servingHost("api.example.com")).containsExactly(wildcard, exact);
    assertThat(catalog.servingHost("mail.example.com")).containsExactly(wildcard);
    assertThat(catalog.servingHost("other.org")).containsExactly(other);
    assertThat(catalog.servingHost("unknown.net")).isEmpty();
  }

  @Test
  void aRememberedHostGivesTheSameAnswerAndTheMemoryStaysBounded() {
    List<CatalogEntry> first = catalog.servingHost("api.example.com");
    assertThat(catalog.servingHost("api.example.com")).isSameAs(first);
    for (int i = 0; i < CatalogNormalizer.MAX_HOSTS * 2; i++) {
      assertThat(catalog.servingHost("h" + i + ".example.com")).containsExactly(wildcard);
    }
    assertThat(catalog.servingHost("api.example.com")).containsExactly(wildcard, exact);
    assertThat(catalog.servingHost("unknown.net")).isEmpty();
  }
}
