package dev.airlock.proxy.inspect;

import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import dev.airlock.proxy.policy.PolicyParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The starter policies of conf/policies, as a node loads them, for tests that decide like the proxy. */
final class StarterPolicies {
  private StarterPolicies() {}

  static List<PolicyDocument> documents() {
    List<PolicyDocument> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../conf/policies"))) {
      for (Path p : files.sorted().toList()) {
        docs.add(PolicyParser.parse(Files.readString(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** An engine with {@code docs} installed for {@code envs} (default: the environment "default"). */
  static PolicyEngine engine(List<PolicyDocument> docs, EnvironmentSettings... envs) {
    PolicyEngine engine = new PolicyEngine();
    engine.install(envs.length == 0 ? List.of(EnvironmentSettings.defaults("default")) : List.of(envs), docs);
    return engine;
  }

  /** An engine with the starter policies for {@code envs} (default: the environment "default"). */
  static PolicyEngine engine(EnvironmentSettings... envs) {
    return engine(documents(), envs);
  }
}
