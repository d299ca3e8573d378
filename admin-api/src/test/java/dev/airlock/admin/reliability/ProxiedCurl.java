package dev.airlock.admin.reliability;

import dev.airlock.admin.e2e.Clients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** curl through a node's proxy, trusting the node's CA; the answer split into status, trace id and body. */
record ProxiedCurl(int exit, int status, String traceId, String body, String stderr) {
  @Override
  public String toString() {
    return "exit=" + exit + " status=" + status + " trace=" + traceId + "\nbody=" + body + "\nstderr=" + stderr;
  }

  private static final String MARK = "\n--curl-status: ";

  static ProxiedCurl get(NodeProcess node, String url) {
    try {
      return get(node.proxyUrl(), node, url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ProxiedCurl get(String proxyUrl, NodeProcess node, String url) {
    Clients.Result r;
    try {
      r = Clients.run(null, Map.of(), List.of("curl", "-sS", "--max-time", "120", "-x", proxyUrl,
          "--cacert", node.caFile().toString(), "-w", MARK + "%{http_code} %header{x-airlock-trace-id}", url));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    int at = r.stdout().lastIndexOf(MARK);
    if (at < 0) {
      return new ProxiedCurl(r.exit(), 0, "", r.stdout(), r.stderr());
    }
    String[] tail = r.stdout().substring(at + MARK.length()).trim().split(" ", 2);
    return new ProxiedCurl(r.exit(), Integer.parseInt(tail[0]), tail.length > 1 ? tail[1].trim() : "",
        r.stdout().substring(0, at), r.stderr());
  }
}
