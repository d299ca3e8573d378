package dev.airlock.proxy.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scenario files under src/test/resources/policy/scenarios: an environment, the policies in force
 * and the cases to decide, in the same case format the policy tester reads.
 */
final class Testdata {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Testdata() {}

  record Scenario(String file, EnvironmentSettings env, List<PolicyDocument> docs, List<TestCase> cases) {}

  static Path resource(String name) {
    try {
      return Path.of(Testdata.class.getResource("/policy/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> files(String dir) {
    try (Stream<Path> files = Files.list(resource(dir))) {
      return files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Scenario scenario(Path file) {
    JsonNode root = tree(file);
    JsonNode envNode = root.path("env");
    EnvironmentSettings env =
        new EnvironmentSettings(
            envNode.path("slug").asText("production"),
            EnforcementMode.parse(envNode.path("mode").asText("enforce")),
            Action.valueOf(envNode.path("default_action").asText("ALLOW")));
    List<PolicyDocument> docs = new ArrayList<>();
    root.path("policies").forEach(doc -> docs.add(PolicyParser.parse(doc.toString())));
    ObjectNode caseFile = JsonNodeFactory.instance.objectNode();
    caseFile.set("cases", root.path("cases"));
    List<TestCase> cases = TestCaseParser.parse(caseFile.toString(), env.slug());
    return new Scenario(file.getFileName().toString(), env, docs, cases);
  }

  static Stream<Scenario> scenarios() {
    return files("scenarios").stream().map(Testdata::scenario);
  }
}
