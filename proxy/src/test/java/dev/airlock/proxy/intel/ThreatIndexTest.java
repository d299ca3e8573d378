package dev.airlock.proxy.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreatIndexTest {
  private final FeedParser parser = new FeedParser();

  private ThreatIndex index(String... feedTexts) {
    List<Feed> feeds = new java.util.ArrayList<>();
    for (int i = 0; i < feedTexts.length; i++) {
      feeds.add(parser.parse("feed" + i, FeedFormat.PLAIN, feedTexts[i]));
    }
    return new ThreatIndex(feeds);
  }

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByAddress(io.netty.util.NetUtil.createByteArrayFromIpAddressString(s));
  }

  @Test
  void aListedDomainCoversItsSubdomainsButNotItsLookAlikes() {
    ThreatIndex idx = index("evil.example\n");
    assertThat(idx.match("evil.example", null, null)).isEqualTo("feed0");
    assertThat(idx.match("a.b.evil.example", null, null)).isEqualTo("feed0");
    assertThat(idx.match("evil.example.", null, null)).isEqualTo("feed0");
    assertThat(idx.match("notevil.example", null, null)).isNull();
    assertThat(idx.match("evil.example.org", null, null)).isNull();
    assertThat(idx.match("example", null, null)).isNull();
  }

  @Test
  void ipv4BlocksMatchFromTheirFirstToTheirLastAddress() throws Exception {
    ThreatIndex idx = index("198.51.100.0/24\n203.0.113.7\n0.0.0.0/0\n", "");
    ThreatIndex narrow = index("198.51.100.0/24\n203.0.113.7\n");
    assertThat(narrow.match("x.example", ip("198.51.100.0"), null)).isEqualTo("feed0");
    assertThat(narrow.match("x.example", ip("198.51.100.255"), null)).isEqualTo("feed0");
    assertThat(narrow.match("x.example", ip("198.51.101.0"), null)).isNull();
    assertThat(narrow.match("x.example", ip("198.51.99.255"), null)).isNull();
    assertThat(narrow.match("x.example", ip("203.0.113.7"), null)).isEqualTo("feed0");
    assertThat(narrow.match("x.example", ip("203.0.113.8"), null)).isNull();
    assertThat(narrow.match("x.example", ip("255.255.255.255"), null)).isNull();
    assertThat(idx.match("x.example", ip("255.255.255.255"), null)).isEqualTo("feed0");
    // The host itself may be an address literal.
    assertThat(narrow.match("198.51.100.9", null, null)).isEqualTo("feed0");
    // An IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
    assertThat(narrow.match("x.example", ip("::ffff:198.51.100.9"), null)).isEqualTo("feed0");
  }

  @Test
  void nestedBlocksOfDifferentFeedsStillMatchEveryAddress() throws Exception {
    ThreatIndex idx = index("10.1.2.3\n", "10.0.0.0/8\n", "10.1.0.0/16\n11.0.0.0/8\n");
    assertThat(idx.match(null, ip("10.1.2.3"), null)).isIn("feed0", "feed1");
    assertThat(idx.match(null, ip("10.200.0.1"), null)).isEqualTo("feed1");
    assertThat(idx.match(null, ip("10.1.9.9"), null)).isEqualTo("feed1");
    assertThat(idx.match(null, ip("11.255.255.255"), null)).isEqualTo("feed2");
    assertThat(idx.match(null, ip("12.0.0.0"), null)).isNull();
    assertThat(idx.match(null, ip("9.255.255.255"), null)).isNull();
  }

  @Test
  void ipv6BlocksMatchAcrossTheSixtyFourBitBoundary() throws Exception {
    ThreatIndex idx = index("2001:db8::/32\n2001:db9:0:0:8000::/65\n::1\n");
    assertThat(idx.match(null, ip("2001:db8::"), null)).isEqualTo("feed0");
    assertThat(idx.match(null, ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), null)).isEqualTo("feed0");
    assertThat(idx.match(null, ip("2001:db9::"), null)).isNull();
    assertThat(idx.match(null, ip("2001:db9::8000:0:0:0"), null)).isEqualTo("feed0");
    assertThat(idx.match(null, ip("2001:db9::7fff:ffff:ffff:ffff"), null)).isNull();
    assertThat(idx.match(null, ip("2001:db9::ffff:ffff:ffff:ffff"), null)).isEqualTo("feed0");
    assertThat(idx.match(null, ip("::1"), null)).isEqualTo("feed0");
    assertThat(idx.match(null, ip("::2"), null)).isNull();
    assertThat(idx.match("[2001:db8::5]", null, null)).isEqualTo("feed0");
  }

  @Test
  void urlsMatchNormalizedWithAndWithoutTheirQuery() {
    ThreatIndex idx = index("http://Files.Example:80/payload.sh\nhttps://cdn.example/a?token=1\n");
    assertThat(idx.match("files.example", null, ThreatIndex.urlKey("http", "files.example", 80, "/payload.sh", null)))
        .isEqualTo("feed0");
    assertThat(idx.match("files.example", null,
        ThreatIndex.urlKey("http", "FILES.example", 80, "/payload.sh", "x=1"))).isEqualTo("feed0");
    assertThat(idx.match("files.example", null, ThreatIndex.urlKey("http", "files.example", 80, "/other", null)))
        .isNull();
    assertThat(idx.match("files.example", null, ThreatIndex.urlKey("https", "files.example", 443, "/payload.sh",
        null))).isNull();
    assertThat(idx.match("cdn.example", null, ThreatIndex.urlKey("https", "cdn.example", 443, "/a", "token=1")))
        .isEqualTo("feed0");
    assertThat(idx.match("cdn.example", null, ThreatIndex.urlKey("https", "cdn.example", 443, "/a", "token=2")))
        .isNull();
    assertThat(idx.match("cdn.example", null, ThreatIndex.urlKey("https", "cdn.example", 8443, "/a", "token=1")))
        .isNull();
  }

  @Test
  void theEarlierFeedIsNamedWhenSeveralListTheSameDomain() {
    ThreatIndex idx = index("dup.example\n", "dup.example\nonly-second.example\n");
    assertThat(idx.match("dup.example", null, null)).isEqualTo("feed0");
    assertThat(idx.match("only-second.example", null, null)).isEqualTo("feed1");
    assertThat(idx.size()).isEqualTo(2);
  }

  @Test
  void anEmptyIndexMatchesNothing() throws Exception {
    assertThat(ThreatIndex.EMPTY.match("evil.example", ip("1.2.3.4"), "http://evil.example/")).isNull();
  }
}
