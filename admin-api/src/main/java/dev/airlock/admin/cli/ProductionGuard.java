package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes that reach a production environment are shown first and made only with {@code --yes}:
 * a policy applied to production decides every request of its agents at once.
 */
final class ProductionGuard {
  /** The exit code of a change refused for want of {@code --yes}, as for any usage error. */
  static final int REFUSED = 2;

  private ProductionGuard() {}

  /**
   * Null when the change may go ahead, else {@link #REFUSED} after saying why on stderr.
   *
   * @param diff the admin API's diff of the change, with {@code production_envs}
   * @param what what would be done, e.g. {@code apply policy block-secrets}
   */
  static Integer check(JsonNode diff, boolean yes, Output output, String what) {
    List<String> production = new ArrayList<>();
    diff.path("production_envs").forEach(env -> production.add(env.asText()));
    if (production.isEmpty() || yes) {
      return null;
    }
    output.note("airlock: refusing to " + what + " in production environment" + (production.size() > 1 ? "s " : " ")
        + String.join(", ", production) + " without --yes (review the diff above, then run again with --yes)");
    return REFUSED;
  }

  /** Prints the diff for the person deciding: on stdout, or on stderr when stdout carries JSON. */
  static void show(Output output, JsonNode diff) {
    String text = PolicyDiffText.render(diff);
    if (output.isJson()) {
      output.note(text.stripTrailing());
    } else {
      output.print(text);
    }
  }
}
