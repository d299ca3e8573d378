package dev.airlock.proxy.intel;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One parsed threat-intel feed: its indicators in compared form and how many lines were skipped.
 *
 * @param name the feed's name (file name without extension, or the name given to the API)
 * @param format how its text was laid out
 * @param domains listed domains (each covers its subdomains)
 * @param blocks listed IP addresses and CIDR blocks
 * @param urls listed URLs in {@link UrlKey} form
 * @param invalid lines that held something other than an indicator (comments and blanks not counted)
 * @param invalidSamples the first few of those lines with their line numbers, for the listing
 */
public record Feed(String name, FeedFormat format, List<String> domains, List<IpBlock> blocks, List<String> urls,
    int invalid, List<String> invalidSamples) {
  public Feed {
    requireNonNull(name, "name");
    requireNonNull(format, "format");
    domains = List.copyOf(domains);
    blocks = List.copyOf(blocks);
    urls = List.copyOf(urls);
    invalidSamples = List.copyOf(invalidSamples);
  }

  /** How many indicators it lists. */
  public int indicatorCount() {
    return domains.size() + blocks.size() + urls.size();
  }

  public int domainCount() {
    return domains.size();
  }

  public int ipCount() {
    return blocks.size();
  }

  public int urlCount() {
    return urls.size();
  }
}
