package dev.airlock.proxy.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluates policies against sample requests offline, with the same engine the proxy uses. */
public final class PolicyTester {
  private PolicyTester() {}

  /**
   * Decides every case against {@code docs}, each in the environment its context names. That
   * environment uses {@code env}'s settings when the slugs agree, default settings otherwise, and
   * in both cases sees the documents whose env_names include it.
   *
   * @throws PolicyException when the documents cannot be installed together
   */
  public static List<TestResult> run(
      List<PolicyDocument> docs, EnvironmentSettings env, List<TestCase> cases) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(environments(env, cases), docs);
    List<TestResult> results = new ArrayList<>(cases.size());
    for (TestCase c : cases) {
      Decision decision = engine.decide(c.facts(), c.context());
      results.add(new TestResult(c, decision, c.expect().mismatches(decision)));
    }
    return List.copyOf(results);
  }

  private static List<EnvironmentSettings> environments(EnvironmentSettings env, List<TestCase> cases) {
    Map<String, EnvironmentSettings> bySlug = new LinkedHashMap<>();
    bySlug.put(env.slug(), env);
    for (TestCase c : cases) {
      bySlug.putIfAbsent(c.context().env(), EnvironmentSettings.defaults(c.context().env()));
    }
    return List.copyOf(bySlug.values());
  }
}
