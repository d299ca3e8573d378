package dev.airlock.admin.alerts;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The channels as one node holds them in memory, compiled for matching: immutable, swapped whole
 * when channels change. Matching allocates nothing, so a trace no channel wants costs a few
 * comparisons, and none at all when no channel is enabled.
 */
public final class ChannelSnapshot {
  static final ChannelSnapshot EMPTY = new ChannelSnapshot(List.of());

  private final Matcher[] enabled;
  private final Map<String, AlertChannel> byId;
  private final List<IntegrationSecrets.SlackApp> slackApps;
  private final List<Telegram> telegrams;

  private record Matcher(String id, Set<String> envs, Set<String> events, int minRank, Set<String> tools,
      Set<String> agents) {
    boolean wants(String eventType, String env, String severity, String tool, String agent) {
      return events.contains(eventType)
          && (envs == null || envs.contains(env))
          && Severities.rank(severity) >= minRank
          && (tools.isEmpty() || tools.contains(tool))
          && (agents.isEmpty() || agents.contains(agent));
    }
  }

  private record Telegram(byte[] secret, IntegrationSecrets.TelegramBot bot) {}

  ChannelSnapshot(List<AlertChannel> channels) {
    List<Matcher> matchers = new ArrayList<>();
    Map<String, AlertChannel> ids = new HashMap<>();
    List<IntegrationSecrets.SlackApp> slack = new ArrayList<>();
    List<Telegram> tg = new ArrayList<>();
    for (AlertChannel c : channels) {
      ChannelSpec s = c.spec();
      ids.put(c.id(), c);
      if (s.enabled()) {
        matchers.add(new Matcher(c.id(), s.allEnvironments() ? null : Set.copyOf(s.envNames()),
            Set.copyOf(s.events()), Severities.rank(s.minSeverity()), Set.copyOf(s.tools()),
            Set.copyOf(s.agents())));
      }
      var config = s.config();
      if (s.type() == ChannelType.SLACK && config.hasNonNull("signing_secret")) {
        slack.add(new IntegrationSecrets.SlackApp(c.id(), config.get("signing_secret").asText(), s.envNames()));
      }
      if (s.type() == ChannelType.TELEGRAM && config.hasNonNull("webhook_secret_token")) {
        tg.add(new Telegram(config.get("webhook_secret_token").asText().getBytes(StandardCharsets.UTF_8),
            new IntegrationSecrets.TelegramBot(c.id(), config.get("bot_token").asText(),
                URI.create(config.path("api_base").asText("https://api.telegram.org")), s.envNames())));
      }
    }
    this.enabled = matchers.toArray(new Matcher[0]);
    this.byId = Map.copyOf(ids);
    this.slackApps = List.copyOf(slack);
    this.telegrams = List.copyOf(tg);
  }

  /** True when no enabled channel could want any event. */
  public boolean isEmpty() {
    return enabled.length == 0;
  }

  /** Whether at least one enabled channel wants an event with these properties. */
  boolean anyWants(String eventType, String env, String severity, String tool, String agent) {
    for (Matcher m : enabled) {
      if (m.wants(eventType, env, severity, tool, agent)) {
        return true;
      }
    }
    return false;
  }

  /** The ids of the enabled channels whose filters match {@code e}. */
  List<String> matching(AlertEvent e) {
    List<String> out = new ArrayList<>(2);
    for (Matcher m : enabled) {
      if (m.wants(e.eventType(), e.env(), e.severity(), e.tool(), e.agent())) {
        out.add(m.id());
      }
    }
    return out;
  }

  Optional<AlertChannel> channel(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  List<IntegrationSecrets.SlackApp> slackApps() {
    return slackApps;
  }

  /** Compares {@code token} with every bot's secret in constant time. */
  Optional<IntegrationSecrets.TelegramBot> telegram(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    IntegrationSecrets.TelegramBot found = null;
    for (Telegram t : telegrams) {
      if (MessageDigest.isEqual(t.secret(), given) && found == null) {
        found = t.bot();
      }
    }
    return Optional.ofNullable(found);
  }

  /** How many channels (enabled or not) the snapshot holds. */
  int size() {
    return byId.size();
  }
}
