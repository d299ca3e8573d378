package dev.airlock.proxy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.detect.DataClass;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.normalize.ForcePush;
import dev.airlock.proxy.normalize.GitPush;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.normalize.Verb;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a policy test-case file (JSON or YAML), validated like policy documents:
 *
 * <pre>{@code
 * {"cases": [{"name": "...", "agent": "a", "env": "production", "runtime_type": "custom",
 *   "facts": {"tool": "github", "operation": "git_push", "verb": "WRITE", "host": "github.com",
 *             "method": "POST", "path": "/o/r.git/git-receive-pack", "body": "...",
 *             "findings": [{"detector": "SECRETS.aws_access_key", "start": 0, "end": 20}],
 *             "external_principal": false,
 *             "git_push": [{"ref": "refs/heads/main", "old": "<hex>", "new": "<hex>",
 *                           "force_push": "true"}],
 *             "new_destination": true, "threat_intel": false, "burst": false,
 *             "read_then_write": false, "time": "2026-06-13T10:00:00Z"},
 *   "trust": 0.5,
 *   "expect": {"action": "DENY", "rule": "policy/rule", "reason": "FORCE_PUSH_BLOCKED",
 *              "severity": "HIGH", "redact": []}}]}
 * }</pre>
 */
public final class TestCaseParser {
  static final String DEFAULT_AGENT = "test-agent";
  static final String DEFAULT_ENV = "default";
  // Stand-ins so that a ref update written without ids is an ordinary update, neither a
  // creation nor a deletion.
  static final String DEFAULT_OLD_ID = "1".repeat(40);
  static final String DEFAULT_NEW_ID = "2".repeat(40);

  private static final List<String> FILE_FIELDS = List.of("cases");
  private static final List<String> CASE_FIELDS =
      List.of("name", "agent", "env", "runtime_type", "trust", "facts", "expect");
  private static final List<String> FACT_FIELDS =
      List.of(
          "tool", "operation", "verb", "host", "method", "path", "body", "findings",
          "external_principal", "git_push", "new_destination", "threat_intel", "burst", "read_then_write",
          "time");
  /** The feed name a case's {@code threat_intel: true} stands for. */
  static final String TEST_FEED = "test";
  private static final List<String> FINDING_FIELDS = List.of("detector", "start", "end");
  private static final List<String> REF_FIELDS = List.of("ref", "old", "new", "force_push");
  private static final List<String> EXPECT_FIELDS =
      List.of("action", "rule", "reason", "severity", "redact");
  private static final Pattern OBJECT_ID = Pattern.compile("^([0-9a-f]{40}|[0-9a-f]{64})$");
  private static final Pattern DETECTOR = Pattern.compile("^(PII|SECRETS|INTERNAL)\\.[A-Za-z0-9_.-]+$");

  private TestCaseParser() {}

  /** Parses a case file; cases without an env are placed in "default". */
  public static List<TestCase> parse(String text) {
    return parse(text, DEFAULT_ENV);
  }

  /** Parses a case file; cases without an env are placed in {@code defaultEnv}. */
  public static List<TestCase> parse(String text, String defaultEnv) {
    NodeReader file = NodeReader.object(TreeReader.read(text), "").allowOnly(FILE_FIELDS);
    if (!file.has("cases")) {
      throw PolicyException.at("cases", "required");
    }
    List<JsonNode> nodes = file.list("cases");
    List<TestCase> cases = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      cases.add(testCase(NodeReader.object(nodes.get(i), "cases[" + i + "]"), defaultEnv));
    }
    return List.copyOf(cases);
  }

  private static TestCase testCase(NodeReader c, String defaultEnv) {
    c.allowOnly(CASE_FIELDS);
    Double trust = c.optUnit("trust");
    AgentContext ctx =
        new AgentContext(
            c.optString("agent", DEFAULT_AGENT),
            c.optString("env", defaultEnv),
            c.optString("runtime_type", null),
            trust == null ? AgentContext.NEUTRAL_TRUST : trust,
            0.0,
            KeyScope.UNLIMITED);
    if (!c.has("facts")) {
      throw PolicyException.at(c.child("facts"), "required");
    }
    RequestFacts facts = facts(NodeReader.object(c.get("facts"), c.child("facts")));
    Expectation expect =
        c.has("expect") ? expectation(NodeReader.object(c.get("expect"), c.child("expect"))) : null;
    return new TestCase(c.optString("name", c.path()), ctx, facts, expect);
  }

  private static RequestFacts facts(NodeReader f) {
    f.allowOnly(FACT_FIELDS);
    String method = f.optString("method", "GET").toUpperCase(Locale.ROOT);
    Verb verb = f.enumValue("verb", Verb.class, List.of(Verb.values()), Verb.defaultFor(method));
    List<Finding> findings = new ArrayList<>();
    List<JsonNode> findingNodes = f.list("findings");
    for (int i = 0; i < findingNodes.size(); i++) {
      findings.add(finding(NodeReader.object(findingNodes.get(i), f.child("findings") + "[" + i + "]")));
    }
    Boolean external = f.optBoolean("external_principal");
    return new RequestFacts(
        f.requiredString("tool"),
        f.requiredString("operation"),
        verb,
        f.optString("host", "").toLowerCase(Locale.ROOT),
        method,
        f.optString("path", "/"),
        f.optString("body", ""),
        findings,
        external != null && external,
        f.has("git_push") ? gitPush(f) : null,
        observations(f));
  }

  /** What a case says was observed around its request; nothing by default. */
  private static Observations observations(NodeReader f) {
    Observations o = Observations.NONE;
    if (f.has("time")) {
      String text = f.optString("time", null);
      try {
        o = o.withTime(java.time.Instant.parse(text));
      } catch (java.time.format.DateTimeParseException e) {
        throw PolicyException.at(f.child("time"),
            "\"" + text + "\" (expected: an ISO-8601 time such as 2026-06-10T10:00:00Z)");
      }
    }
    return o.withNewDestination(Boolean.TRUE.equals(f.optBoolean("new_destination")))
        .withThreatIntelFeed(Boolean.TRUE.equals(f.optBoolean("threat_intel")) ? TEST_FEED : null)
        .withBurst(Boolean.TRUE.equals(f.optBoolean("burst")))
        .withReadThenWrite(Boolean.TRUE.equals(f.optBoolean("read_then_write")));
  }

  private static Finding finding(NodeReader n) {
    n.allowOnly(FINDING_FIELDS);
    String detector = n.requiredString("detector");
    if (!DETECTOR.matcher(detector).matches()) {
      throw PolicyException.at(
          n.child("detector"),
          "\"" + detector + "\" (expected: a detector id such as SECRETS.aws_access_key)");
    }
    DataClass dataClass = DataClass.valueOf(detector.substring(0, detector.indexOf('.')));
    int start = n.optInt("start", 0);
    int end = n.optInt("end", start);
    if (start < 0 || end < start) {
      throw PolicyException.at(n.path(), "span [" + start + ", " + end + ") (expected: 0 <= start <= end)");
    }
    return new Finding(dataClass, detector, start, end);
  }

  private static GitPush gitPush(NodeReader f) {
    List<JsonNode> nodes = f.list("git_push");
    List<RefUpdate> updates = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      NodeReader u = NodeReader.object(nodes.get(i), f.child("git_push") + "[" + i + "]");
      u.allowOnly(REF_FIELDS);
      ForcePush force =
          u.has("force_push")
              ? PolicyParser.forcePushState(u.get("force_push"), u.child("force_push"))
              : ForcePush.FALSE;
      updates.add(
          new RefUpdate(
              objectId(u, "old", DEFAULT_OLD_ID), objectId(u, "new", DEFAULT_NEW_ID),
              u.requiredString("ref"), force));
    }
    return new GitPush(updates);
  }

  private static String objectId(NodeReader u, String field, String fallback) {
    String id = u.optString(field, fallback).toLowerCase(Locale.ROOT);
    if (!OBJECT_ID.matcher(id).matches()) {
      throw PolicyException.at(u.child(field), "\"" + id + "\" (expected: 40 or 64 hex digits)");
    }
    return id;
  }

  private static Expectation expectation(NodeReader e) {
    e.allowOnly(EXPECT_FIELDS);
    Action action =
        e.has("action") ? e.enumValue("action", Action.class, PolicyParser.ACTIONS, null) : null;
    Severity severity =
        e.has("severity")
            ? e.enumValue("severity", Severity.class, PolicyParser.SEVERITIES, null)
            : null;
    Set<DataClass> redact = e.has("redact") ? redact(e) : null;
    return new Expectation(
        action, e.optString("rule", null), e.optString("reason", null), severity, redact);
  }

  private static Set<DataClass> redact(NodeReader e) {
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    List<JsonNode> values = e.list("redact");
    for (int i = 0; i < values.size(); i++) {
      classes.add(
          NodeReader.parseEnum(
              values.get(i), e.child("redact") + "[" + i + "]", DataClass.class,
              PolicyParser.DATA_CLASSES));
    }
    return classes;
  }
}
