package dev.airlock.proxy.normalize;

import dev.airlock.proxy.normalize.catalog.CatalogEntry;
import dev.airlock.proxy.normalize.catalog.CatalogNormalizer;
import dev.airlock.proxy.normalize.catalog.CatalogSources;
import dev.airlock.proxy.normalize.fallback.FallbackNormalizer;
import dev.airlock.proxy.normalize.grpc.GrpcNormalizer;
import dev.airlock.proxy.normalize.mcp.McpNormalizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns any request into a {@link ToolCall}: the code normalizers first ({@link
 * BuiltinNormalizers}), then the catalog entries (built-in files under {@code tools/} on the
 * classpath, overridden by tool name from an operator directory), then the fallback (tool =
 * registrable domain, operation = {@code http_<method>}). Immutable and thread-safe.
 *
 * <p>MCP is recognised on any host, by the shape of the request rather than its destination. It
 * names a request only where nothing else names it more precisely: a request that a tool's API
 * recognises as one of its operations ({@code slack.post_message}) keeps that name whatever its body
 * looks like, so a JSON-RPC-shaped body cannot rename a known API call. MCP headers that contradict
 * the body always win, so that the request is refused ({@link McpNormalizer#HEADER_MISMATCH}).
 *
 * <p>gRPC is recognised the same way, on any host, by its content type ({@link GrpcNormalizer}):
 * tool = the name the host already has, operation = {@code package.Service/Method}; it too names
 * only requests nothing else names more precisely.
 */
public final class ToolCatalog {
  private final List<Normalizer> normalizers;
  private final CatalogNormalizer catalog;
  private final FallbackNormalizer fallback = new FallbackNormalizer();
  private final McpNormalizer mcp;
  private final GrpcNormalizer grpc = new GrpcNormalizer();

  private ToolCatalog(List<Normalizer> code, List<CatalogEntry> entries) {
    this.catalog = new CatalogNormalizer(entries);
    this.mcp = new McpNormalizer(entries);
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
    ToolCall named = named(req);
    Optional<ToolCall> asMcp;
    try {
      asMcp = mcp.normalize(req, named.tool());
    } catch (RuntimeException e) {
      asMcp = Optional.empty();
    }
    if (asMcp.isPresent()
        && (isGeneric(named) || McpNormalizer.headerMismatch(asMcp.get()) != null)) {
      return asMcp.get();
    }
    if (isGeneric(named)) {
      // After MCP: a gRPC content type on a JSON-RPC body must not hide an MCP tool call's name.
      Optional<ToolCall> asGrpc = grpc.normalize(req, named.tool());
      if (asGrpc.isPresent()) {
        return asGrpc.get();
      }
    }
    return named;
  }

  /** A name from the host alone: no normalizer recognised the operation. */
  private static boolean isGeneric(ToolCall call) {
    return call.gitPush() == null && (call.operation().startsWith("http_") || call.operation().startsWith("websocket_"));
  }

  private ToolCall named(InspectedRequest req) {
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
