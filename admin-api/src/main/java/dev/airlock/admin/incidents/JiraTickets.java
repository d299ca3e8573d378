package dev.airlock.admin.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Jira's REST API v2: {@code POST {base_url}/rest/api/2/issue} with basic auth (email and API
 * token), fields project key, summary, description and issue type. The issue's URL is
 * {@code {base_url}/browse/{key}}.
 */
final class JiraTickets implements TicketSystem {
  private final TicketSettings.Jira settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  JiraTickets(TicketSettings.Jira settings, HttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  @Override
  public Ticket open(IncidentDetail d) throws IOException {
    ObjectNode body = json.createObjectNode();
    ObjectNode fields = body.putObject("fields");
    fields.putObject("project").put("key", settings.projectKey());
    fields.put("summary", "[" + d.incident().severity() + "] " + d.incident().title());
    fields.put("description", TicketSystem.description(d));
    fields.putObject("issuetype").put("name", settings.issueType());
    String auth = Base64.getEncoder().encodeToString(
        (settings.email() + ":" + settings.apiToken()).getBytes(StandardCharsets.UTF_8));
    HttpRequest req = HttpRequest.newBuilder(base().resolve("rest/api/2/issue"))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Basic " + auth)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> res = Http.send(http, req, "Jira");
    if (res.statusCode() / 100 != 2) {
      throw new IOException("Jira answered " + res.statusCode());
    }
    JsonNode answer = json.readTree(res.body());
    String key = answer.path("key").asText("");
    if (key.isEmpty()) {
      throw new IOException("Jira's answer names no issue key");
    }
    return new Ticket("jira", key, base().resolve("browse/" + key).toString());
  }

  private URI base() {
    String b = settings.baseUrl().toString();
    return URI.create(b.endsWith("/") ? b : b + "/");
  }
}
