package dev.airlock.proxy.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A git receive-pack report-status that rejects every ref of a push, so that {@code git push} prints
 * {@code ! [remote rejected] main -> main (airlock: …)} and exits non-zero instead of an opaque
 * {@code RPC failed; HTTP 403}.
 */
final class GitReportStatus {
  static final String CONTENT_TYPE = "application/x-git-receive-pack-result";
  /** Largest pkt-line payload (65520 minus the 4-byte length), and of side-band data (minus the band byte). */
  static final int MAX_PKT_PAYLOAD = 65516;
  private static final int MAX_SIDEBAND_DATA = MAX_PKT_PAYLOAD - 1;
  /** Keeps every ng line far below one pkt-line whatever the ref name. */
  private static final int MAX_REASON = 1000;

  private GitReportStatus() {}

  /**
   * The response body: {@code unpack ok}, one {@code ng <ref> <reason>} per ref, flush; wrapped in
   * side-band 1 (with the reason also on band 2, which git shows as {@code remote: …}) when the client
   * asked for side-band-64k.
   */
  static byte[] encode(List<String> refs, String reason, boolean sideBand) {
    String oneLine = oneLine(reason);
    ByteArrayOutputStream report = new ByteArrayOutputStream(64 + refs.size() * (oneLine.length() + 64));
    pkt(report, "unpack ok\n".getBytes(StandardCharsets.UTF_8));
    for (String ref : refs) {
      pkt(report, ("ng " + oneLine(ref) + " " + oneLine + "\n").getBytes(StandardCharsets.UTF_8));
    }
    report.writeBytes(flush());
    if (!sideBand) {
      return report.toByteArray();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(report.size() + 64 + oneLine.length());
    band(out, 2, (oneLine + "\n").getBytes(StandardCharsets.UTF_8));
    band(out, 1, report.toByteArray());
    out.writeBytes(flush());
    return out.toByteArray();
  }

  /** True when the first command line of a receive-pack request lists side-band-64k. */
  static boolean wantsSideBand(byte[] body) {
    if (body.length < 4) {
      return false;
    }
    int len;
    try {
      len = Integer.parseInt(new String(body, 0, 4, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      return false;
    }
    if (len <= 4 || len > body.length) {
      return false;
    }
    String line = new String(body, 4, len - 4, StandardCharsets.ISO_8859_1);
    int nul = line.indexOf('\0');
    return nul >= 0 && (" " + line.substring(nul + 1).strip() + " ").contains(" side-band-64k ");
  }

  private static void band(ByteArrayOutputStream out, int band, byte[] data) {
    for (int off = 0; off < data.length; off += MAX_SIDEBAND_DATA) {
      int n = Math.min(MAX_SIDEBAND_DATA, data.length - off);
      byte[] chunk = new byte[n + 1];
      chunk[0] = (byte) band;
      System.arraycopy(data, off, chunk, 1, n);
      pkt(out, chunk);
    }
  }

  private static void pkt(ByteArrayOutputStream out, byte[] payload) {
    out.writeBytes(String.format("%04x", payload.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
  }

  private static byte[] flush() {
    return "0000".getBytes(StandardCharsets.US_ASCII);
  }

  private static String oneLine(String s) {
    String t = s.replace('\n', ' ').replace('\r', ' ').replace('\0', ' ');
    return t.length() > MAX_REASON ? t.substring(0, MAX_REASON) : t;
  }
}
