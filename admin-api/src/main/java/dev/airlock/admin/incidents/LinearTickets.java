package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Linear's GraphQL API: the {@code issueCreate} mutation in the configured team, authenticated with
 * the API key in the {@code Authorization} header (Linear's personal API keys take no scheme).
 */
final class LinearTickets implements TicketSystem {
  static final String MUTATION = "mutation IssueCreate($input: IssueCreateInput!) {"
      + " issueCreate(input: $input) { success issue { id identifier url } } }";

  private final TicketSettings.Linear settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  LinearTickets(TicketSettings.Linear settings, HttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  @Override
  public Ticket open(IncidentDetail d) throws IOException {
    ObjectNode body = json.createObjectNode();
    body.put("query", MUTATION);
    ObjectNode input = body.putObject("variables").putObject("input");
    input.put("teamId", settings.teamId());
    input.put("title", "[" + d.incident().severity() + "] " + d.incident().title());
    input.put("description", TicketSystem.description(d));
    HttpRequest req = HttpRequest.newBuilder(settings.apiUrl())
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", settings.apiKey())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> res = Http.send(http, req, "Linear");
    if (res.statusCode() / 100 != 2) {
      throw new IOException("Linear answered " + res.statusCode());
    }
    JsonNode answer = json.readTree(res.body());
    JsonNode created = answer.path("data").path("issueCreate");
    if (answer.has("errors") || !created.path("success").asBoolean(false)) {
      String why = answer.path("errors").path(0).path("message").asText("issueCreate did not succeed");
      throw new IOException("Linear refused the ticket: " + why);
    }
    JsonNode issue = created.path("issue");
    return new Ticket("linear", issue.path("identifier").asText(""), issue.path("url").asText(""));
  }
}
