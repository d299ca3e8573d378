package dev.airlock.admin.bootstrap;

import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import java.util.List;

/** Everything {@link PolicyEngine#install} needs, read from the store. */
public record EngineInputs(List<EnvironmentSettings> environments, List<PolicyDocument> documents) {
  public EngineInputs {
    environments = List.copyOf(environments);
    documents = List.copyOf(documents);
  }

  public void installInto(PolicyEngine engine) {
    engine.install(environments, documents);
  }
}
