package dev.airlock.admin;

import dev.airlock.proxy.normalize.ToolCatalog;
import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.CatalogSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The node's tool catalog: the built-in entries and the operator's tools directory, read once at
 * start, under the entries added through the admin API, which are installed anew on every change.
 * An API entry replaces a file entry of the same tool name, as a file entry replaces a built-in
 * one. The proxy asks for the catalog per request and sees the old or the new one, never a mix.
 */
final class LiveToolCatalog implements Supplier<ToolCatalog> {
  private final List<CatalogEntry> files;
  private final AtomicReference<ToolCatalog> current;

  /** @param operatorDir the operator's tools directory, or null */
  LiveToolCatalog(Path operatorDir) {
    this.files = new CatalogSources(ToolCatalog.class.getClassLoader()).load(operatorDir);
    this.current = new AtomicReference<>(ToolCatalog.of(files));
  }

  /** Makes {@code added} (API entries, in matching order) the entries in force above the files. */
  void install(List<CatalogEntry> added) {
    Set<String> names = new HashSet<>();
    added.forEach(e -> names.add(e.tool()));
    List<CatalogEntry> entries = new ArrayList<>(added);
    for (CatalogEntry e : files) {
      if (!names.contains(e.tool())) {
        entries.add(e);
      }
    }
    current.set(ToolCatalog.of(entries));
  }

  @Override
  public ToolCatalog get() {
    return current.get();
  }
}
