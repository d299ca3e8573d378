package dev.airlock.proxy.normalize.catalog;

import dev.airlock.proxy.normalize.CatalogException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds catalog files: the built-in ones listed in {@code tools/index.txt} on the classpath (a
 * directory inside a jar cannot be listed), and an operator directory whose entries replace
 * built-ins of the same tool name.
 */
public final class CatalogSources {
  static final String BUILTIN_DIR = "tools/";
  static final String INDEX = BUILTIN_DIR + "index.txt";

  private final CatalogReader reader = new CatalogReader();
  private final ClassLoader classLoader;

  public CatalogSources(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /** Built-ins overridden by the operator directory (null or absent: built-ins only). */
  public List<CatalogEntry> load(Path operatorDir) {
    Map<String, CatalogEntry> operator = operatorDir == null ? Map.of() : directory(operatorDir);
    List<CatalogEntry> result = new ArrayList<>(operator.values());
    for (CatalogEntry entry : builtins().values()) {
      if (!operator.containsKey(entry.tool())) {
        result.add(entry);
      }
    }
    return result;
  }

  /** Built-in entries by tool name, in index order. */
  public Map<String, CatalogEntry> builtins() {
    Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    for (String name : resource(INDEX).lines().map(String::strip).toList()) {
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      String source = BUILTIN_DIR + name;
      add(entries, reader.read(source, resource(source).getBytes(StandardCharsets.UTF_8)));
    }
    return entries;
  }

  /** Entries of every *.json, *.yaml and *.yml file in {@code dir}, by tool name, in file order. */
  public Map<String, CatalogEntry> directory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CatalogException(dir + ": not a directory (expected: a directory of tool files)");
    }
    Map<String, CatalogEntry> entries = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(CatalogSources::isCatalogFile).sorted().toList()) {
        add(entries, reader.read(file.toString(), Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new CatalogException(dir + ": " + e.getMessage() + " (expected: a readable directory)",
          e);
    }
    return entries;
  }

  private static boolean isCatalogFile(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p)
        && (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static void add(Map<String, CatalogEntry> entries, CatalogEntry entry) {
    CatalogEntry previous = entries.putIfAbsent(entry.tool(), entry);
    if (previous != null) {
      throw new CatalogException(entry.source() + ": tool: \"" + entry.tool()
          + "\" (expected: a tool name not already defined in " + previous.source() + ")");
    }
  }

  private String resource(String name) {
    try (InputStream in = classLoader.getResourceAsStream(name)) {
      if (in == null) {
        throw new CatalogException(name + ": missing from the classpath (expected: a file listed in "
            + INDEX + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CatalogException(name + ": " + e.getMessage(), e);
    }
  }
}
