package dev.airlock.admin.e2e;

import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.header;
import static dev.airlock.admin.e2e.ApprovalsEndToEndTest.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node whose approvals expire after two seconds: a request held longer than that is answered as
 * expired, the approval can no longer be decided, and the identical request asks again.
 */
class ApprovalExpiryEndToEndTest {
  @Test
  void anApprovalNobodyDecidesExpiresTheHeldAgentIsToldAndItCannotBeDecidedAnyMore() throws Exception {
    try (AirlockHarness h = new AirlockHarness()) {
      RecordingUpstream upstream = h.https("api.example.com");
      h.config("approvals:\n  expire_after: 2s\n");
      h.start();
      h.admin("POST", "/api/v1/policies", ApprovalsEndToEndTest.POLICY);
      h.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": 25}");

      Clients.Result r = ApprovalsEndToEndTest.post(h, "/deploy/late", "{\"version\":\"v9\"}")
          .get(30, TimeUnit.SECONDS);

      assertThat(status(r)).as(r.stdout() + r.stderr()).isEqualTo(403);
      String id = header(r, "X-Airlock-Approval-Id");
      JsonNode body = AirlockHarness.jsonBody(r.stdout());
      assertThat(body.get("decision").asText()).isEqualTo("REQUIRE_APPROVAL");
      assertThat(body.get("status").asText()).isEqualTo("expired");
      assertThat(body.get("approval_id").asText()).isEqualTo(id);
      assertThat(body.at("/error/message").asText()).contains(id, "expired");
      assertThat(upstream.received()).isEmpty();
      JsonNode approval = h.admin("GET", "/api/v1/approvals/" + id, null).get("data");
      assertThat(approval.get("status").asText()).isEqualTo("expired");
      JsonNode t = h.trace(header(r, "X-Airlock-Trace-Id"));
      assertThat(t.get("reasons").toString()).contains("APPROVAL_EXPIRED");
      assertThat(t.get("approval_id").asText()).isEqualTo(id);

      HttpResponse<String> late = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.node.adminPort() + "/api/v1/approvals/" + id
              + "/approve")).header("Authorization", "Bearer " + h.adminToken)
              .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
      assertThat(AirlockHarness.JSON.readTree(late.body()).at("/error/status").asText()).isEqualTo("expired");

      h.admin("PATCH", "/api/v1/environments/default", "{\"approval_hold_seconds\": 0}");
      Clients.Result again = ApprovalsEndToEndTest.post(h, "/deploy/late", "{\"version\":\"v9\"}")
          .get(30, TimeUnit.SECONDS);
      assertThat(status(again)).isEqualTo(403);
      assertThat(AirlockHarness.jsonBody(again.stdout()).get("status").asText()).isEqualTo("pending");
      assertThat(header(again, "X-Airlock-Approval-Id")).startsWith("apr_").isNotEqualTo(id);
      assertThat(upstream.received()).isEmpty();
    }
  }
}
