package dev.airlock.admin.bootstrap;

import static java.util.Objects.requireNonNull;

import dev.airlock.admin.store.Environment;
import dev.airlock.admin.store.StoreRepositories;
import dev.airlock.admin.store.StoredPolicy;
import dev.airlock.admin.store.StoredTool;
import dev.airlock.proxy.normalize.CatalogException;
import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.CatalogReader;
import dev.airlock.proxy.policy.PolicyDocument;
import dev.airlock.proxy.policy.PolicyParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every environment's settings, every current policy (parsed back into documents) and the
 * tools added through the admin API. The node calls it at start and from the {@code
 * policiesChanged} callback. Blocking JDBC.
 */
public final class EngineInputsLoader {
  private static final Logger LOG = LoggerFactory.getLogger(EngineInputsLoader.class);

  private final CatalogReader catalogReader = new CatalogReader();
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
        policies.stream().map(p -> parser.apply(p.documentJson())).toList(),
        tools());
  }

  private List<CatalogEntry> tools() {
    List<CatalogEntry> out = new ArrayList<>();
    for (StoredTool tool : store.tools().loadAll()) {
      try {
        out.add(catalogReader.read("tools/" + tool.name() + ".json",
            tool.documentJson().getBytes(StandardCharsets.UTF_8)));
      } catch (CatalogException e) {
        // Validated when added, so only a hand-edited row gets here: it must not stop the others.
        LOG.error("tool {} is left out of the catalog: {}", tool.name(), e.getMessage());
      }
    }
    return out;
  }
}
