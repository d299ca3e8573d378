package dev.airlock.admin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.airlock.proxy.detect.Finding;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.RefUpdate;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyParser;
import dev.airlock.proxy.policy.PolicyTester;
import dev.airlock.proxy.policy.TestCase;
import dev.airlock.proxy.policy.TestCaseParser;
import dev.airlock.proxy.policy.TestResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock policy test}: evaluates policy files against sample requests, offline. */
@Command(name = "test", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Evaluate policy files against sample requests offline, with the same normalizers, detectors and "
            + "engine the proxy uses. No server is needed.",
        "Each case gives either 'request' (method, url, headers, body: normalized and scanned like live "
            + "traffic) or pre-computed 'facts', plus an optional 'expect' (action, rule, reason, severity, "
            + "redact). Exit code 0 when every expectation holds, 1 otherwise.",
        "For rules on risk and trust a case may add the agent's 'trust' (0..1, default 0.5) and 'observed': "
            + "new_destination, threat_intel, burst, read_then_write (true/false) and time (ISO-8601).",
        "Example case (YAML):",
        "  cases:",
        "    - name: aws key to slack is blocked",
        "      env: default",
        "      request: {method: POST, url: 'https://slack.com/api/chat.postMessage',",
        "                headers: {content-type: application/json},",
        "                body: '{\"channel\":\"C1\",\"text\":\"AKIAIOSFODNN7EXAMPLE\"}'}",
        "      expect: {action: DENY, reason: SECRET_DETECTED}"})
public final class PolicyTestCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "POLICY",
      description = "Policy document (JSON or YAML); repeat for several.")
  List<Path> files;

  @Option(names = "--cases", required = true, paramLabel = "FILE", description = "Test cases (JSON or YAML).")
  Path cases;

  @Option(names = "--env", paramLabel = "ENV", description = "Environment for cases that name none (default: default).")
  String env = "default";

  @Option(names = "--tools-dir", paramLabel = "DIR", description = "Operator tool catalog entries (default: conf/tools if present).")
  Path toolsDir;

  @Override
  public Integer call() throws IOException {
    List<PolicyDocument> docs = new ArrayList<>();
    for (Path f : files) {
      try {
        docs.add(PolicyParser.parse(Files.readString(f)));
      } catch (dev.airlock.proxy.policy.PolicyException e) {
        throw new CliException(f + ": " + e.getMessage());
      }
    }
    String caseText = Files.readString(cases);
    List<TestCase> parsed;
    try {
      parsed = TestCaseParser.parse(withFacts(caseText), env);
    } catch (dev.airlock.proxy.policy.PolicyException e) {
      throw new CliException(cases + ": " + e.getMessage());
    }
    List<TestResult> results = PolicyTester.run(docs, EnvironmentSettings.defaults(env), parsed);
    PrintWriter out = spec.commandLine().getOut();
    int failed = 0;
    for (TestResult r : results) {
      out.println(r.summary());
      for (String failure : r.failures()) {
        out.println("    " + failure);
      }
      failed += r.passed() ? 0 : 1;
    }
    out.println((results.size() - failed) + " passed, " + failed + " failed");
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  /** Replaces each case's raw 'request' by the facts inspection derives from it. */
  private String withFacts(String text) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode root = yaml.readTree(text);
    JsonNode list = root == null ? null : root.get("cases");
    if (list == null || !list.isArray()) {
      return text; // the parser reports the problem with its path
    }
    RequestInspector inspector = null;
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      if (c instanceof ObjectNode o && o.has("request")) {
        if (inspector == null) {
          inspector = SampleRequests.inspector(toolsDir);
        }
        Inspection in = inspector.inspect(SampleRequests.parse(o.get("request"), "cases[" + i + "].request"));
        o.remove("request");
        o.set("facts", facts(yaml, in));
      }
      // What was observed around the request (new destination, threat intel, burst, read-then-write,
      // time) joins its facts, so that a raw request can meet the rules that read them.
      if (c instanceof ObjectNode o && o.get("observed") instanceof ObjectNode observed
          && o.get("facts") instanceof ObjectNode facts) {
        facts.setAll(observed);
        o.remove("observed");
      }
    }
    return new ObjectMapper().writeValueAsString(root);
  }

  private static ObjectNode facts(ObjectMapper m, Inspection in) {
    ObjectNode f = m.createObjectNode();
    f.put("tool", in.facts().tool());
    f.put("operation", in.facts().operation());
    f.put("verb", in.facts().verb().name());
    f.put("host", in.facts().host());
    f.put("method", in.facts().method());
    f.put("path", in.facts().path());
    f.put("body", in.facts().body());
    ArrayNode findings = f.putArray("findings");
    for (Finding x : in.facts().findings()) {
      findings.addObject().put("detector", x.detectorId()).put("start", x.start()).put("end", x.end());
    }
    f.put("external_principal", in.facts().externalPrincipal());
    if (in.facts().gitPush() != null) {
      ArrayNode push = f.putArray("git_push");
      for (RefUpdate u : in.facts().gitPush().refUpdates()) {
        push.addObject().put("ref", u.refName()).put("old", u.oldId()).put("new", u.newId())
            .put("force_push", u.forcePush().name().toLowerCase(Locale.ROOT));
      }
    }
    return f;
  }
}
