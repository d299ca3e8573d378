package dev.airlock.proxy.normalize;

import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.CatalogNormalizer;
import dev.airlock.proxy.normalize.catalog.CatalogSources;
import dev.airlock.proxy.normalize.fallback.FallbackNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns any request into a {@link ToolCall}: the code normalizers first ({@link
 * BuiltinNormalizers}), then the catalog entries (built-in files under {@code tools/} on the
 * classpath, overridden by tool name from an operator directory), then the fallback (tool =
 * registrable domain, operation = {@code http_<method>}). Immutable and thread-safe.
 */
public final class ToolCatalog {
  private final List<Normalizer> normalizers;
  private final CatalogNormalizer catalog;
  private final FallbackNormalizer fallback = new FallbackNormalizer();

  private ToolCatalog(List<Normalizer> code, List<CatalogEntry> entries) {
    this.catalog = new CatalogNormalizer(entries);
    List<Normalizer> all = new ArrayList<>(code);
    all.add(catalog);
    this.normalizers = List.copyOf(all);
  }

  /**
   * Built-in entries plus, when {@code operatorDir} is not null, every {@code *.json},
   * {@code *.yaml} and {@code *.yml} file in it (one tool per file).
   *
   * @throws CatalogException naming the file and field of the first invalid entry
   */
  public static ToolCatalog load(Path operatorDir) {
    CatalogSources sources = new CatalogSources(ToolCatalog.class.getClassLoader());
    return new ToolCatalog(BuiltinNormalizers.create(), sources.load(operatorDir));
  }

  /** The code normalizers with exactly {@code entries} as catalog (e.g. from the admin API). */
  public static ToolCatalog of(List<CatalogEntry> entries) {
    return new ToolCatalog(BuiltinNormalizers.create(), entries);
  }

  /** The catalog entries in matching order (operator entries before built-ins). */
  public List<CatalogEntry> entries() {
    return catalog.entries();
  }

  /** Never throws and never returns null: unknown requests get the fallback's answer. */
  public ToolCall normalize(InspectedRequest req) {
    for (Normalizer n : normalizers) {
      Optional<ToolCall> call;
      try {
        call = n.normalize(req);
      } catch (RuntimeException e) {
        // A normalizer bug must not take the request down; the next one (at worst the fallback)
        // still names the destination.
        continue;
      }
      if (call.isPresent()) {
        return call.get();
      }
    }
    return fallback.call(req);
  }
}
