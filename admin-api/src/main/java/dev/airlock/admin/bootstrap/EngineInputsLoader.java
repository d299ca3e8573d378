package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyParser;
import java.util.List;
import java.util.function.Function;

/**
 * Reads every environment's settings and every current policy, parsed back into documents. Main
 * calls it at start and from the {@code policiesChanged} callback. Blocking JDBC.
 */
public final class EngineInputsLoader {
  private final StoreRepositories store;
  private final Function<String, PolicyDocument> parser;

  public EngineInputsLoader(StoreRepositories store) {
    this(store, PolicyParser::parse);
  }

  public EngineInputsLoader(StoreRepositories store, Function<String, PolicyDocument> parser) {
    this.store = requireNonNull(store, "store");
    this.parser = requireNonNull(parser, "parser");
  }

  public EngineInputs load() {
    List<Environment> envs = store.environments().list();
    List<StoredPolicy> policies = store.policies().loadAllCurrent();
    return new EngineInputs(
        envs.stream().map(Environment::settings).toList(),
        policies.stream().map(p -> parser.apply(p.documentJson())).toList());
  }
}
