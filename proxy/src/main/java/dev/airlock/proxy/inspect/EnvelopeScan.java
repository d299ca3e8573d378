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
 * {@code [REDACTED:SECRETS]} is what traces and logs keep.
 */
final class EnvelopeScan {
  static final String REDACTED = "[REDACTED:SECRETS]";

  private EnvelopeScan() {}

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

  static Result scan(Detectors detectors, InspectedRequest req) {
    List<Located> out = new ArrayList<>();
    String storedPath = scanUrl(detectors, req.host(), req.path(), req.query(), out);
    scanHeaders(detectors, req.headers(), out);
    return new Result(out, storedPath);
  }

  /** The path with its secrets replaced, for requests that are not inspected. */
  static String storedPath(Detectors detectors, String host, String path) {
    return scanUrl(detectors, host, path, null, new ArrayList<>());
  }

  private static String scanUrl(Detectors detectors, String host, String path, String query, List<Located> out) {
    int pathStart = host.length();
    int pathEnd = pathStart + path.length();
    StringBuilder url = new StringBuilder(pathEnd + 1 + (query == null ? 0 : query.length()));
    url.append(host).append(path);
    if (query != null && !query.isEmpty()) {
      url.append('?').append(query);
    }
    List<Finding> found = detectors.scan(url.toString());
    if (found.isEmpty()) {
      return path;
    }
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

  private static void scanHeaders(Detectors detectors, Map<String, List<String>> headers, List<Located> out) {
    StringBuilder text = new StringBuilder(256);
    List<String> names = new ArrayList<>(headers.size());
    List<Integer> ends = new ArrayList<>(headers.size());
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      String name = h.getKey();
      if (name.equals("host") || name.equals("proxy-authorization")) {
        continue;
      }
      for (String value : h.getValue()) {
        text.append(name).append(": ").append(value).append('\n');
        names.add(name);
        ends.add(text.length());
      }
    }
    if (text.length() == 0) {
      return;
    }
    for (Finding f : detectors.scan(text.toString())) {
      int line = 0;
      while (line < ends.size() - 1 && f.start() >= ends.get(line)) {
        line++;
      }
      out.add(new Located(f, Place.HEADER, names.get(line)));
    }
  }
}
