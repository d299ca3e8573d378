package dev.airlock.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tool added through the admin API names requests through the running node at once, and a
 * policy written for it applies; removing it restores the fallback naming. No restart.
 */
class CustomToolsEndToEndTest {
  private static final String ACME = "{\"tool\":\"acme\",\"hosts\":[\"api.acme.example\"],\"operations\":["
      + "{\"name\":\"create_ticket\",\"method\":\"POST\",\"path\":\"/v1/tickets\"},"
      + "{\"name\":\"list_tickets\",\"method\":\"GET\",\"path\":\"/v1/tickets\"}]}";

  static AirlockHarness h;
  static RecordingUpstream acme;

  @BeforeAll
  static void start() throws Exception {
    h = new AirlockHarness();
    acme = h.https("api.acme.example");
    h.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static Clients.Result createTicket() throws Exception {
    return h.curl("-H", "Content-Type: application/json", "--data-binary", "{\"title\":\"printer on fire\"}",
        "https://api.acme.example/v1/tickets");
  }

  private static JsonNode traceOf(Clients.Result r) throws Exception {
    String id = r.stdout().replaceAll("(?is).*x-airlock-trace-id: (trc_[0-9a-f]+).*", "$1");
    assertThat(id).as(r.toString()).startsWith("trc_");
    return h.trace(id);
  }

  @Test
  void aToolAddedThroughTheApiNamesTheNextRequest() throws Exception {
    Clients.Result before = createTicket();
    assertThat(before.stdout()).as(before.toString()).contains("HTTP/1.1 200");
    JsonNode unknown = traceOf(before);
    assertThat(unknown.get("tool").asText()).isNotEqualTo("acme");
    assertThat(unknown.get("operation").asText()).isEqualTo("http_post");

    h.admin("POST", "/api/v1/tools", ACME);
    Clients.Result named = createTicket();
    assertThat(named.stdout()).as(named.toString()).contains("HTTP/1.1 200");
    JsonNode trace = traceOf(named);
    assertThat(trace.get("tool").asText()).isEqualTo("acme");
    assertThat(trace.get("operation").asText()).isEqualTo("create_ticket");
    assertThat(trace.get("verb").asText()).isEqualTo("WRITE");

    // A policy written for the new tool's operation decides it.
    h.admin("POST", "/api/v1/policies?env=default", "{\"name\":\"acme-guard\",\"rules\":[{\"id\":\"no-tickets\","
        + "\"match\":{\"tool_name\":\"acme\",\"operation\":\"create_ticket\"},\"action\":\"DENY\","
        + "\"reason\":\"NO_TICKETS\"}]}");
    int forwarded = acme.received().size();
    Clients.Result denied = createTicket();
    assertThat(denied.stdout()).as(denied.toString()).contains("HTTP/1.1 403").contains("NO_TICKETS")
        .contains("acme-guard/no-tickets");
    assertThat(acme.received()).hasSize(forwarded);
    Clients.Result read = h.curl("https://api.acme.example/v1/tickets");
    assertThat(traceOf(read).get("operation").asText()).isEqualTo("list_tickets");

    // Removed: the request is named as before, and the policy no longer matches it.
    h.admin("DELETE", "/api/v1/tools/acme", null);
    Clients.Result after = createTicket();
    assertThat(after.stdout()).as(after.toString()).contains("HTTP/1.1 200");
    assertThat(traceOf(after).get("operation").asText()).isEqualTo("http_post");
  }
}
