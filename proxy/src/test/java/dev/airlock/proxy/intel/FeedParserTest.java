package dev.airlock.proxy.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FeedParserTest {
  private final FeedParser parser = new FeedParser();

  @Test
  void plainListsHoldDomainsAddressesBlocksAndUrls() {
    Feed f = parser.parse("mixed", FeedFormat.PLAIN, """
        # a comment, then a blank line

        Evil.Example.
        *.wild.example
        .dotted.example
        203.0.113.7
        198.51.100.0/24   # inline comment
        2001:db8::/32
        0.0.0.0 hosts-file.example
        https://Phish.Example:443/login?next=%2F#frag
        not_a_domain
        300.1.1.1
        10.0.0.0/33
        two words here
        ftp://files.example/x
        """);
    assertThat(f.domains()).containsExactly("evil.example", "wild.example", "dotted.example", "hosts-file.example");
    assertThat(f.blocks()).hasSize(3);
    assertThat(f.urls()).containsExactly("https://phish.example/login?next=%2F");
    assertThat(f.invalid()).isEqualTo(5);
    assertThat(f.invalidSamples()).first().asString().startsWith("line 11: not_a_domain");
    assertThat(f.indicatorCount()).isEqualTo(8);
  }

  @Test
  void internationalizedDomainsAreComparedInTheirAsciiForm() {
    Feed f = parser.parse("idn", FeedFormat.PLAIN, "bücher.example\n");
    assertThat(f.domains()).containsExactly("xn--bcher-kva.example");
  }

  @Test
  void urlhausExportsGiveTheirUrlColumn() throws Exception {
    String csv;
    try (InputStream in = getClass().getResourceAsStream("/intel/urlhaus-sample.csv")) {
      csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Feed f = parser.parse("urlhaus", FeedFormat.URLHAUS, csv);
    assertThat(f.urls()).containsExactly(
        "http://117.209.22.81:41513/bin.sh",
        "https://malware-drop.example/payloads/stage2.exe?id=7",
        "http://updates.evil-cdn.example/dl/agent.ps1",
        "http://[2001:db8::7]:8080/x86");
    assertThat(f.invalid()).isEqualTo(2);
    assertThat(f.domains()).isEmpty();
    assertThat(f.blocks()).isEmpty();
  }

  @Test
  void aHeaderCommentMovesTheUrlColumn() {
    Feed f = parser.parse("moved", FeedFormat.URLHAUS, """
        # url,id,threat
        "http://moved.example/a","1","malware_download"
        """);
    assertThat(f.urls()).containsExactly("http://moved.example/a");
    assertThat(f.invalid()).isZero();
  }

  @Test
  void formatsAreKnownByNameAndFileExtension() {
    assertThat(FeedFormat.of("csv")).isEqualTo(FeedFormat.URLHAUS);
    assertThat(FeedFormat.of("PLAIN")).isEqualTo(FeedFormat.PLAIN);
    assertThat(FeedFormat.of("stix")).isNull();
    assertThat(FeedFormat.ofFile("abuse.TXT")).isEqualTo(FeedFormat.PLAIN);
    assertThat(FeedFormat.ofFile("urlhaus.csv")).isEqualTo(FeedFormat.URLHAUS);
    assertThat(FeedFormat.ofFile("README.md")).isNull();
  }
}
