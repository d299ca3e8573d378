package dev.airlock.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyParser;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic policy sets of a given size, shaped like what operators write: most rules name a
 * tool and operation and add a condition on data classes or body text; some scope by agent, host
 * or path glob; about one in eight names no tool at all (host block lists, "no secrets anywhere")
 * and so is walked by every decision; a few use regular expressions.
 */
final class RuleMix {
  static final int RULES_PER_DOCUMENT = 20;
  /** Words the keyword rules look for; {@link FactsMix} puts them into a few bodies. */
  static final List<String> KEYWORDS = List.of(
      "payroll", "acquisition", "layoff", "board deck", "wire transfer", "do not forward",
      "password reset", "salary band");
  static final List<String> REGEXES = List.of(
      "(?i)\\bwire\\s+\\$?[0-9][0-9,]{3,}", "(?i)\\bssn\\s*[:=]", "\\b[A-Z]{2,6}-[0-9]{3,6}\\b",
      "(?i)\\b(?:begin|end)\\s+export\\b");
  static final List<String> AGENTS = List.of(
      "support-bot", "billing-agent", "research-assistant", "release-bot", "sales-copilot");
  private static final List<String> CHAT_TOOLS = List.of("slack", "discord", "teams", "telegram");
  private static final List<String> BLOCKED_HOSTS = List.of(
      "*.pastebin.com", "pastebin.com", "*.ngrok-free.app", "transfer.sh", "*.onion", "*.requestbin.net",
      "webhook.site", "*.trycloudflare.com");

  private final ObjectMapper json = new ObjectMapper();
  private final SplittableRandom random;

  private RuleMix(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code count} rules in documents of at most {@value #RULES_PER_DOCUMENT}, parsed. */
  static List<PolicyDocument> documents(int count, long seed) {
    RuleMix mix = new RuleMix(seed);
    List<PolicyDocument> docs = new ArrayList<>();
    for (int first = 0; first < count; first += RULES_PER_DOCUMENT) {
      docs.add(PolicyParser.parse(mix.document(docs.size(), first, Math.min(count, first + RULES_PER_DOCUMENT))));
    }
    return docs;
  }

  private String document(int n, int from, int to) {
    ObjectNode doc = json.createObjectNode();
    doc.put("name", "generated-" + n);
    doc.put("description", "Generated rule mix for benchmarks");
    if (n % 2 == 0) {
      doc.put("env_names", "*");
    } else {
      doc.putArray("env_names").add("production");
    }
    var rules = doc.putArray("rules");
    for (int i = from; i < to; i++) {
      rules.add(rule(i));
    }
    return doc.toString();
  }

  private ObjectNode rule(int i) {
    ObjectNode rule = json.createObjectNode();
    rule.put("id", "r" + i);
    rule.put("priority", 10 * (1 + random.nextInt(90)));
    ObjectNode match = rule.putObject("match");
    ObjectNode cond = json.createObjectNode();
    Endpoint e = Endpoint.ALL.get(random.nextInt(Endpoint.ALL.size()));
    int round = i / 10;
    switch (i % 10) {
      case 0 -> {
        match.put("tool_name", pick(CHAT_TOOLS)).put("operation", "send_message");
        cond.putArray("data_class_any").add("PII");
        sanitize(rule, "PII", "PII_REDACTED");
      }
      case 1 -> {
        if (round % 4 != 0) {
          named(match, e);
        }
        if (round % 2 == 0) {
          cond.putArray("data_class_any").add("SECRETS");
        } else {
          cond.putArray("data_class_any").add("SECRETS.aws_access_key").add("SECRETS.github_token");
        }
        deny(rule, "SECRET_DETECTED");
      }
      case 2 -> {
        match.put("tool_name", e.tool()).put("verb", "ADMIN");
        action(rule, "REQUIRE_APPROVAL", "ADMIN_CHANGE");
      }
      case 3 -> {
        named(match, e);
        cond.putArray("body_contains_any").add(pick(KEYWORDS)).add(pick(KEYWORDS)).add(pick(KEYWORDS));
        deny(rule, "KEYWORD_BLOCKED");
      }
      case 4 -> {
        match.put("tool_name", e.tool());
        match.put("host", round % 2 == 0 ? "*." + e.host() : "api.*");
        match.putArray("path").add("*/admin/*").add("/api/admin.*");
        deny(rule, "ADMIN_PATH");
      }
      case 5 -> {
        named(match, e);
        cond.put("external_principal", true).putArray("data_class_any").add("INTERNAL");
        deny(rule, "INTERNAL_TO_EXTERNAL");
      }
      case 6 -> {
        match.put("host", BLOCKED_HOSTS.get(round % BLOCKED_HOSTS.size()));
        if (round % 3 == 1) {
          match.put("method", "POST");
        }
        deny(rule, "DESTINATION_BLOCKED");
      }
      case 7 -> {
        named(match, e);
        match.put("agent", round % 2 == 0 ? "billing-*" : pick(AGENTS)).put("method", e.method());
        action(rule, "ALLOW", "AGENT_SCOPE");
      }
      case 8 -> {
        named(match, e);
        if (round % 3 == 0) {
          cond.putArray("body_matches").add(REGEXES.get(round / 3 % REGEXES.size()));
        } else {
          cond.putArray("body_contains_all").add(pick(KEYWORDS)).add(pick(KEYWORDS));
        }
        action(rule, "REQUIRE_APPROVAL", "NEEDS_REVIEW");
      }
      default -> {
        if (round % 2 == 0) {
          match.putArray("tool_name").add("github").add("git");
          match.put("operation", "git_push");
          cond.put("force_push", true);
          cond.putArray("ref_matches").add("refs/heads/main").add("refs/heads/release/*");
          deny(rule, "FORCE_PUSH_BLOCKED");
        } else {
          match.put("tool_name", e.tool());
          match.putArray("runtime_type").add("crewai").add("langchain");
          cond.putArray("data_class_any").add("INTERNAL");
          sanitize(rule, "INTERNAL", "INTERNAL_REDACTED");
        }
      }
    }
    if (!cond.isEmpty()) {
      rule.set("condition", cond);
    }
    if (match.isEmpty()) {
      rule.remove("match");
    }
    return rule;
  }

  private static void named(ObjectNode match, Endpoint e) {
    match.put("tool_name", e.tool()).put("operation", e.operation());
  }

  private static void deny(ObjectNode rule, String reason) {
    action(rule, "DENY", reason);
  }

  private static void sanitize(ObjectNode rule, String dataClass, String reason) {
    action(rule, "SANITIZE", reason);
    rule.putArray("redact").add(dataClass);
  }

  private static void action(ObjectNode rule, String action, String reason) {
    rule.put("action", action).put("reason", reason);
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
