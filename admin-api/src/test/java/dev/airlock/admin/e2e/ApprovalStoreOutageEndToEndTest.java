package dev.airlock.admin.e2e;

import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.header;
import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.admin.store.Poll;
import dev.airlock.admin.store.StoppablePostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request that needs approval while the database is down: the approval cannot be recorded, so
 * the agent gets 503 and the request never goes through, while requests that need no approval are
 * still served from memory.
 */
class ApprovalStoreOutageEndToEndTest {
  @Test
  void withoutTheDatabaseARequestThatNeedsApprovalIsA503AndNeverForwarded() throws Exception {
    try (StoppablePostgres pg = new StoppablePostgres().start(); AirlockHarness h = new AirlockHarness()) {
      RecordingUpstream upstream = h.https("api.example.com");
      h.dbUrl = pg.jdbcUrl();
      h.start();
      h.admin("POST", "/api/v1/policies", ApprovalsEndToEndTest.POLICY);
      h.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": 20}");

      pg.stop();
      Poll.until(Duration.ofSeconds(10), "the node to see its database gone", () -> readyz(h) == 503);
      Clients.Result r = ApprovalsEndToEndTest.post(h, "/deploy/outage", "{\"v\":1}").get(60, TimeUnit.SECONDS);

      assertThat(status(r)).as(r.stdout() + r.stderr()).isEqualTo(503);
      assertThat(header(r, "X-Airlock-Reason")).isEqualTo("APPROVAL_UNAVAILABLE");
      assertThat(header(r, "Retry-After")).isNotBlank();
      JsonNode body = AirlockHarness.jsonBody(r.stdout());
      assertThat(body.at("/error/code").asText()).isEqualTo("APPROVAL_UNAVAILABLE");
      assertThat(body.at("/error/message").asText()).contains("approval");
      assertThat(upstream.received()).as("nothing went through").isEmpty();

      Clients.Result read = h.curl("https://api.example.com/status");
      assertThat(status(read)).as("a request that needs no approval is served from memory").isEqualTo(200);
    }
  }

  private static int readyz(AirlockHarness h) {
    try {
      return HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + h.node.adminPort() + "/readyz")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
