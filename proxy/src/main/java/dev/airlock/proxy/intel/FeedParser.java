package dev.airlock.proxy.intel;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses feed text. A line that holds no indicator is counted and skipped, never fatal: one bad line
 * in a feed of a million must not cost the other 999,999.
 *
 * <p>Plain lists hold one indicator per line: a domain ({@code evil.example}, also {@code
 * *.evil.example}), an IP address or CIDR block, or an http(s) URL. {@code #} starts a comment,
 * and hosts-file lines ({@code 0.0.0.0 evil.example}) are read as their domain.
 *
 * <p>URLhaus CSV rows are {@code "id","dateadded","url","url_status","last_online","threat",
 * "tags","urlhaus_link","reporter"} after {@code #} comment lines; a comment line naming the columns
 * ({@code # id,dateadded,url,...}) moves the url column if it sits elsewhere.
 */
public final class FeedParser {
  private static final int SAMPLES = 5;
  private static final int DEFAULT_URL_COLUMN = 2;

  /** Reads one CSV row (one line: URLhaus rows never span lines) as its fields. */
  private final ObjectReader csv = new CsvMapper().readerFor(String[].class);

  /** Parses {@code text}. */
  public Feed parse(String name, FeedFormat format, String text) {
    try {
      return parse(name, format, new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /** Parses what {@code in} delivers, line by line (it is not held whole in memory). */
  public Feed parse(String name, FeedFormat format, Reader in) throws IOException {
    Builder b = new Builder();
    int urlColumn = DEFAULT_URL_COLUMN;
    BufferedReader lines = in instanceof BufferedReader br ? br : new BufferedReader(in, 1 << 16);
    String line;
    int number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      String t = line.strip();
      if (number == 1 && t.startsWith("\uFEFF")) {
        t = t.substring(1);
      }
      if (t.isEmpty()) {
        continue;
      }
      if (format == FeedFormat.URLHAUS) {
        if (t.startsWith("#")) {
          urlColumn = headerUrlColumn(t, urlColumn);
        } else {
          b.csvRow(t, number, urlColumn);
        }
      } else if (!t.startsWith("#")) {
        b.plain(t, number);
      }
    }
    return new Feed(name, format, b.domains, b.blocks, b.urls, b.invalid, b.samples);
  }

  /** The url column named by a comment line such as {@code # id,dateadded,url,...}, else {@code current}. */
  private static int headerUrlColumn(String comment, int current) {
    String body = comment.substring(1).strip().toLowerCase(Locale.ROOT);
    if (!body.contains(",") || !body.contains("url")) {
      return current;
    }
    String[] names = body.split(",");
    for (int i = 0; i < names.length; i++) {
      if (names[i].strip().replace("\"", "").equals("url")) {
        return i;
      }
    }
    return current;
  }

  private final class Builder {
    final List<String> domains = new ArrayList<>();
    final List<IpBlock> blocks = new ArrayList<>();
    final List<String> urls = new ArrayList<>();
    final List<String> samples = new ArrayList<>(SAMPLES);
    int invalid;

    void plain(String line, int number) {
      String t = line;
      int hash = t.indexOf(" #");
      if (hash < 0) {
        hash = t.indexOf("\t#");
      }
      if (hash >= 0) {
        t = t.substring(0, hash).strip();
      }
      String[] words = t.split("\\s+");
      if (words.length == 2 && (words[0].equals("0.0.0.0") || words[0].equals("127.0.0.1"))) {
        t = words[1]; // a hosts-file line: the name is the indicator
      } else if (words.length != 1) {
        bad(line, number);
        return;
      }
      if (!add(t)) {
        bad(line, number);
      }
    }

    void csvRow(String line, int number, int urlColumn) {
      String[] row;
      try {
        row = csv.readValue(line);
      } catch (IOException e) {
        bad(line, number);
        return;
      }
      String url = row != null && row.length > urlColumn ? row[urlColumn].strip() : null;
      String key = url == null ? null : UrlKey.of(url);
      if (key == null) {
        bad(line, number);
      } else {
        urls.add(key);
      }
    }

    private boolean add(String t) {
      if (t.contains("://")) {
        String key = UrlKey.of(t);
        if (key != null) {
          urls.add(key);
        }
        return key != null;
      }
      IpBlock block = Indicators.ipBlock(t);
      if (block != null) {
        blocks.add(block);
        return true;
      }
      String domain = Indicators.domain(t);
      if (domain != null) {
        domains.add(domain);
      }
      return domain != null;
    }

    private void bad(String line, int number) {
      invalid++;
      if (samples.size() < SAMPLES) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "…" : line;
        samples.add("line " + number + ": " + shown);
      }
    }
  }
}
