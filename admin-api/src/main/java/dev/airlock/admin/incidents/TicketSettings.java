package dev.airlock.admin.incidents;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Iterator;
import java.util.Set;

/**
 * Where {@code open_ticket} files incidents: Jira and/or Linear, from airlock.yaml's
 * {@code incidents.tickets}. Secrets are only ever read from the file: never shown, masked in
 * {@link #toString}.
 *
 * @param jira null when not configured
 * @param linear null when not configured
 */
public record TicketSettings(Jira jira, Linear linear) {
  public static final TicketSettings NONE = new TicketSettings(null, null);
  public static final URI LINEAR_API = URI.create("https://api.linear.app/graphql");

  /**
   * Jira Cloud or Server REST v2: {@code POST {baseUrl}/rest/api/2/issue}, basic auth email:api_token.
   */
  public record Jira(URI baseUrl, String projectKey, String email, String apiToken, String issueType) {
    public Jira {
      requireNonNull(baseUrl, "base_url");
      requireNonNull(projectKey, "project_key");
      requireNonNull(email, "email");
      requireNonNull(apiToken, "api_token");
      issueType = issueType == null ? "Task" : issueType;
    }

    @Override
    public String toString() {
      return "Jira[" + baseUrl + ", project " + projectKey + ", " + email + ", api_token=****]";
    }
  }

  /** Linear's GraphQL API: the {@code issueCreate} mutation in team {@code teamId}. */
  public record Linear(URI apiUrl, String apiKey, String teamId) {
    public Linear {
      apiUrl = apiUrl == null ? LINEAR_API : apiUrl;
      requireNonNull(apiKey, "api_key");
      requireNonNull(teamId, "team_id");
    }

    @Override
    public String toString() {
      return "Linear[" + apiUrl + ", team " + teamId + ", api_key=****]";
    }
  }

  /**
   * Parses {@code incidents.tickets}.
   *
   * @throws IllegalArgumentException naming the key at fault
   */
  static TicketSettings parse(JsonNode doc, String path) {
    if (doc == null || doc.isNull()) {
      return NONE;
    }
    only(doc, path, Set.of("jira", "linear"));
    Jira jira = null;
    JsonNode j = doc.get("jira");
    if (j != null && !j.isNull()) {
      String p = path + ".jira";
      only(j, p, Set.of("base_url", "project_key", "email", "api_token", "issue_type"));
      jira = new Jira(uri(required(j, "base_url", p), p + ".base_url"), required(j, "project_key", p),
          required(j, "email", p), required(j, "api_token", p), optional(j, "issue_type"));
    }
    Linear linear = null;
    JsonNode l = doc.get("linear");
    if (l != null && !l.isNull()) {
      String p = path + ".linear";
      only(l, p, Set.of("api_url", "api_key", "team_id"));
      String api = optional(l, "api_url");
      linear = new Linear(api == null ? null : uri(api, p + ".api_url"), required(l, "api_key", p),
          required(l, "team_id", p));
    }
    return new TicketSettings(jira, linear);
  }

  private static URI uri(String text, String path) {
    try {
      URI u = URI.create(text);
      if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": \"" + text + "\" (expected: an http(s) URL)", e);
    }
  }

  private static String required(JsonNode doc, String key, String path) {
    String v = optional(doc, key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(path + "." + key + ": required");
    }
    return v;
  }

  private static String optional(JsonNode doc, String key) {
    JsonNode v = doc.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static void only(JsonNode doc, String path, Set<String> keys) {
    if (!doc.isObject()) {
      throw new IllegalArgumentException(path + ": expected a mapping");
    }
    for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new IllegalArgumentException(path + "." + k + ": unknown key (expected one of: "
            + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
      }
    }
  }
}
