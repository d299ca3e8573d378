package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An agent as the command line names it: by id ({@code agt_…}, used as is), or by name, looked up
 * in {@code --env} (or in every environment the admin key sees, when the name is unique there).
 */
final class AgentRef {
  private static final Pattern ID = Pattern.compile("agt_[0-9a-f]{24}");
  // Enough to list the environments of an ambiguous name; a name exists once per environment.
  private static final String LOOKUP_LIMIT = "100";

  private AgentRef() {}

  /** The agent's id. */
  static String resolve(ApiClient client, String agent, String env) {
    if (ID.matcher(agent).matches()) {
      return agent;
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("name", agent);
    query.put("env", env);
    query.put("limit", LOOKUP_LIMIT);
    JsonNode found = client.get("agents", query).data();
    if (found.isEmpty()) {
      throw new CliException("no agent named '" + agent + "'"
          + (env == null ? "" : " in environment '" + env + "'") + " (list them with 'airlock agent list')");
    }
    if (found.size() > 1) {
      TreeSet<String> envs = new TreeSet<>();
      found.forEach(a -> envs.add(Output.text(a, "env")));
      throw new CliException("agents named '" + agent + "' exist in several environments (" + String.join(", ", envs)
          + "): add --env, or name the agent by its id");
    }
    return Output.text(found.get(0), "id");
  }
}
