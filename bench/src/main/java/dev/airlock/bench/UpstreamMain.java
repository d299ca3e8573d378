package dev.airlock.bench;

import dev.airlock.bench.net.Transport;
import dev.airlock.bench.run.Soak;
import dev.airlock.bench.tls.ServerTls;
import dev.airlock.bench.tls.UpstreamCertificates;
import dev.airlock.bench.upstream.UpstreamServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code upstream} command: the benchmark upstream in a process of its own ("localhost" and the
 * soak's host names by SNI), serving until the process is stopped.
 */
final class UpstreamMain {
  private UpstreamMain() {}

  static void serve(Options options) throws InterruptedException {
    Path work = Path.of(options.required("work")).toAbsolutePath();
    UpstreamCertificates certs = new UpstreamCertificates(work.resolve("upstream"));
    Duration idleClose = Duration.ofSeconds(Long.parseLong(options.optional("idle-close-seconds").orElse("0")));
    UpstreamServer upstream = UpstreamServer.start(Transport.best(), ServerTls.byName(certs, Soak.HOSTS),
        Integer.parseInt(options.required("https-port")), Integer.parseInt(options.required("http-port")), 1, idleClose);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      upstream.close();
      stopped.countDown();
    }, "upstream-stop"));
    System.err.println("upstream: HTTPS on " + upstream.httpsPort() + ", HTTP on " + upstream.httpPort()
        + (idleClose.isZero() ? "" : ", closing connections idle for " + idleClose.toSeconds() + " s"));
    stopped.await();
  }
}
