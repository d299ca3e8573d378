package dev.airlock.proxy.inspect;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.InspectedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scans what a request carries outside its body: the URL (path and query) and every header
 * value. Both are scanned in one pass each, as text the detectors know how to read:
 *
 * <ul>
 *   <li>the URL as {@code host + path + "?" + query}, so rules for URLs that embed a token
 *       (Slack and Discord webhooks, Telegram bot URLs) see the host they are anchored on. A
 *       finding that lies within the host alone is dropped: the destination is not data leaving;
 *   <li>the headers as {@code name: value} lines, so keyword rules see the header name as they
 *       would see an assignment. {@code Host} is left out (it is the destination), and
 *       {@code Proxy-Authorization} never reaches inspection.
 * </ul>
 *
 * <p>Each finding says where it was; the path with its secrets replaced by
 * {@code [REDACTED:SECRETS]} is what traces and logs keep. Recurring header lines and URLs are
 * not scanned again ({@link ScanCache}).
 */
final class EnvelopeScan {
  static final String REDACTED = "[REDACTED:SECRETS]";

  /** Where a finding outside the body was made. */
  enum Place { PATH, QUERY, HEADER }

  /**
   * One finding outside the body.
   *
   * @param finding the finding, its span over the scanned text of its place
   * @param place where it was found
   * @param header the header's lower-case name for {@link Place#HEADER}, else null
   */
  record Located(Finding finding, Place place, String header) {}

  /**
   * @param findings every finding in the URL and the headers
   * @param storedPath the path as traces keep it: secret spans replaced
   */
  record Result(List<Located> findings, String storedPath) {}

  /** Distinct header lines and URLs remembered; a few megabytes at most. */
  static final int CACHE_ENTRIES = 8192;

  private final ScanCache cache;

  EnvelopeScan(Detectors detectors) {
    this.cache = new ScanCache(detectors, CACHE_ENTRIES);
  }

  Result scan(InspectedRequest req) {
    String host = req.host();
    String path = req.path();
    List<String> texts = new ArrayList<>(1 + req.headers().size());
    texts.add(url(host, path, req.query()));
    List<String> names = new ArrayList<>(req.headers().size());
    for (Map.Entry<String, List<String>> h : req.headers().entrySet()) {
      String name = h.getKey();
      if (name.equals("host") || name.equals("proxy-authorization")) {
        continue;
      }
      for (String value : h.getValue()) {
        texts.add(name + ": " + value);
        names.add(name);
      }
    }
    List<List<Finding>> found = cache.scan(texts);
    List<Located> out = new ArrayList<>();
    String storedPath = fromUrl(host, path, found.get(0), out);
    for (int i = 1; i < found.size(); i++) {
      for (Finding f : found.get(i)) {
        out.add(new Located(f, Place.HEADER, names.get(i - 1)));
      }
    }
    return new Result(out, storedPath);
  }

  /** The path with its secrets replaced, for requests that are not inspected. */
  String storedPath(String host, String path) {
    return fromUrl(host, path, cache.scan(List.of(url(host, path, null))).get(0), new ArrayList<>());
  }

  private static String url(String host, String path, String query) {
    StringBuilder url = new StringBuilder(host.length() + path.length() + 1 + (query == null ? 0 : query.length()));
    url.append(host).append(path);
    if (query != null && !query.isEmpty()) {
      url.append('?').append(query);
    }
    return url.toString();
  }

  /** Sorts the URL's findings into path and query; returns the path with its secrets replaced. */
  private static String fromUrl(String host, String path, List<Finding> found, List<Located> out) {
    if (found.isEmpty()) {
      return path;
    }
    int pathStart = host.length();
    int pathEnd = pathStart + path.length();
    List<int[]> redactions = new ArrayList<>();
    for (Finding f : found) {
      if (f.end() <= pathStart) {
        continue; // the destination's own name
      }
      boolean inPath = f.start() < pathEnd;
      out.add(new Located(f, inPath ? Place.PATH : Place.QUERY, null));
      if (inPath && f.dataClass() == DataClass.SECRETS) {
        redactions.add(new int[] {Math.max(f.start(), pathStart) - pathStart, Math.min(f.end(), pathEnd) - pathStart});
      }
    }
    return redact(path, redactions);
  }

  /** Spans are sorted by start (the detectors merge overlaps) and lie within {@code path}. */
  private static String redact(String path, List<int[]> spans) {
    if (spans.isEmpty()) {
      return path;
    }
    StringBuilder sb = new StringBuilder(path.length());
    int at = 0;
    for (int[] s : spans) {
      if (s[0] < at) {
        s[0] = at;
      }
      if (s[1] <= s[0]) {
        continue;
      }
      sb.append(path, at, s[0]).append(REDACTED);
      at = s[1];
    }
    return sb.append(path, at, path.length()).toString();
  }
}
