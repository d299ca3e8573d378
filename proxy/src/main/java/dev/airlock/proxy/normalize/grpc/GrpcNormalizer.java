package dev.airlock.proxy.normalize.grpc;

import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.Verb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * gRPC calls on any host ({@link GrpcRequests#isGrpc}): tool = the name the rest of the catalog
 * gives the host (its registrable domain when nothing names it), operation = the call's
 * {@code package.Service/Method} exactly as in the path {@code /package.Service/Method}.
 *
 * <p>Verb, from the method name alone (gRPC has no read/write distinction on the wire): READ when
 * the name starts with {@code Get}, {@code List}, {@code Read}, {@code Watch}, {@code Search} or
 * {@code Query} followed by the end of the name, an upper-case letter, a digit or '_'
 * ({@code GetNote}, {@code List}, {@code Search_v2}; not {@code Getaway} or {@code Listen}); WRITE
 * for everything else. The catalog cannot name gRPC verbs yet, so a policy that must not rely on
 * the heuristic should match the operation itself.
 *
 * <p>A path that is not {@code /<service>/<method>} with protobuf identifiers (a service of
 * dot-separated identifiers, a method identifier, at most {@value #MAX_NAME} characters in all)
 * becomes operation {@value #INVALID_PATH} (WRITE): it is still a gRPC request, but its name is
 * not echoed into traces and policies.
 */
public final class GrpcNormalizer {
  /** The operation of a gRPC request whose path is not {@code /package.Service/Method}. */
  public static final String INVALID_PATH = "grpc_invalid_path";
  /** Attribute: the fully qualified service name. */
  public static final String SERVICE = "grpc_service";
  /** Attribute: the method name. */
  public static final String METHOD = "grpc_method";
  static final int MAX_NAME = 256;

  private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern PATH = Pattern.compile("/(" + IDENT + "(?:\\." + IDENT + ")*)/(" + IDENT + ")");
  private static final List<String> READ_PREFIXES = List.of("Get", "List", "Read", "Watch", "Search", "Query");

  /**
   * @param hostTool the tool name the rest of the catalog gives the host
   * @return the gRPC call, or empty when the request is not gRPC
   */
  public Optional<ToolCall> normalize(InspectedRequest req, String hostTool) {
    if (!GrpcRequests.isGrpc(req)) {
      return Optional.empty();
    }
    String path = req.path();
    var m = path.length() <= MAX_NAME + 2 && req.query() == null ? PATH.matcher(path) : null;
    if (m == null || !m.matches()) {
      return Optional.of(new ToolCall(hostTool, INVALID_PATH, Verb.WRITE, null, List.of(), Map.of()));
    }
    String service = m.group(1);
    String method = m.group(2);
    return Optional.of(new ToolCall(hostTool, service + "/" + method, verbOf(method), null, List.of(),
        Map.of(SERVICE, service, METHOD, method)));
  }

  /** Whether a call was named by this normalizer. */
  public static boolean isGrpcCall(ToolCall call) {
    return call.attributes().containsKey(SERVICE) || call.operation().equals(INVALID_PATH);
  }

  static Verb verbOf(String method) {
    for (String prefix : READ_PREFIXES) {
      if (method.startsWith(prefix)) {
        if (method.length() == prefix.length()) {
          return Verb.READ;
        }
        char next = method.charAt(prefix.length());
        if (Character.isUpperCase(next) || Character.isDigit(next) || next == '_') {
          return Verb.READ;
        }
      }
    }
    return Verb.WRITE;
  }
}
