package dev.airlock.admin.bootstrap;

import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.policy.EnvironmentSettings;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyEngine;
import java.util.List;

/**
 * Everything the node's decisions depend on that the store keeps: what {@link
 * PolicyEngine#install} needs, and the tool catalog entries added through the admin API.
 */
public record EngineInputs(List<EnvironmentSettings> environments, List<PolicyDocument> documents,
    List<CatalogEntry> tools) {
  public EngineInputs {
    environments = List.copyOf(environments);
    documents = List.copyOf(documents);
    tools = List.copyOf(tools);
  }

  public void installInto(PolicyEngine engine) {
    engine.install(environments, documents);
  }
}
