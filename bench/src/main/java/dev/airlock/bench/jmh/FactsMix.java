package dev.airlock.bench.jmh;

import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.policy.AgentContext;
import dev.airlock.proxy.policy.RequestFacts;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic rotation of requests shaped like agent traffic: mostly chat, LLM and read calls
 * with clean bodies, so most decisions take the ALLOW path after walking the candidate rules; a
 * few carry findings, external recipients, watched keywords or pushes to protected branches.
 */
final class FactsMix {
  static final String PRODUCTION = "production";
  static final String STAGING = "staging";
  private static final List<String> RUNTIMES = List.of("langchain", "crewai", "openai_assistants", "custom");
  private static final List<String> BUSY = List.of(
      "slack/post_message", "openai/chat_completion", "anthropic/chat_completion", "github/get_repo",
      "github/list_issues", "jira/search", "notion/query_database", "slack/read_history");

  final RequestFacts[] facts;
  final AgentContext[] contexts;

  private FactsMix(int count) {
    this.facts = new RequestFacts[count];
    this.contexts = new AgentContext[count];
  }

  /** @param count a power of two, so the rotation index is a mask */
  static FactsMix generate(int count, long seed) {
    if (Integer.bitCount(count) != 1) {
      throw new IllegalArgumentException("count: " + count + " (expected: a power of two)");
    }
    SplittableRandom random = new SplittableRandom(seed);
    Prose prose = Prose.load((int) seed);
    FactsMix mix = new FactsMix(count);
    for (int i = 0; i < count; i++) {
      Endpoint e = endpoint(random);
      String body = e.method().equals("GET") || e.method().equals("DELETE") ? "" : body(random, prose);
      mix.facts[i] = new RequestFacts(
          e.tool(), e.operation(), e.verb(), e.host(), e.method(), e.path(), body,
          findings(random, body.length()), random.nextInt(100) < 8, gitPush(e, random));
      mix.contexts[i] = new AgentContext(
          RuleMix.AGENTS.get(random.nextInt(RuleMix.AGENTS.size())),
          random.nextInt(100) < 85 ? PRODUCTION : STAGING,
          RUNTIMES.get(random.nextInt(RUNTIMES.size())));
    }
    return mix;
  }

  private static Endpoint endpoint(SplittableRandom random) {
    if (random.nextInt(100) < 60) {
      String busy = BUSY.get(random.nextInt(BUSY.size()));
      for (Endpoint e : Endpoint.ALL) {
        if (busy.equals(e.tool() + "/" + e.operation())) {
          return e;
        }
      }
    }
    return Endpoint.ALL.get(random.nextInt(Endpoint.ALL.size()));
  }

  /** A JSON body of 200 to 2000 characters; one in 25 mentions a watched keyword. */
  private static String body(SplittableRandom random, Prose prose) {
    String text = prose.text(200 + random.nextInt(1800));
    if (random.nextInt(25) == 0) {
      text = text.substring(0, text.length() / 2) + " " + RuleMix.KEYWORDS.get(random.nextInt(RuleMix.KEYWORDS.size()))
          + " " + text.substring(text.length() / 2);
    }
    return "{\"text\":\"" + text + "\",\"unfurl_links\":false}";
  }

  /** 88 % none, 7 % an email, 3 % an AWS key, 2 % an internal marker. */
  private static List<Finding> findings(SplittableRandom random, int bodyLength) {
    int roll = random.nextInt(100);
    int start = bodyLength / 3;
    if (roll < 88) {
      return List.of();
    } else if (roll < 95) {
      return List.of(new Finding(DataClass.PII, "PII.email", start, start + 20));
    } else if (roll < 98) {
      return List.of(new Finding(DataClass.SECRETS, "SECRETS.aws_access_key", start, start + 20));
    }
    return List.of(new Finding(DataClass.INTERNAL, "INTERNAL.marker", start, start + 12));
  }

  /** Pushes update a feature branch; one in ten force-pushes main. */
  private static GitPush gitPush(Endpoint e, SplittableRandom random) {
    if (!e.operation().equals("git_push")) {
      return null;
    }
    boolean forceMain = random.nextInt(10) == 0;
    return new GitPush(List.of(new RefUpdate(
        "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222",
        forceMain ? "refs/heads/main" : "refs/heads/feature/search-tuning",
        forceMain ? ForcePush.TRUE : ForcePush.FALSE)));
  }
}
