package dev.airlock.proxy.normalize.grpc;

import dev.airlock.proxy.normalize.InspectedRequest;
import java.util.Locale;

/**
 * Tells a gRPC call from other HTTP requests: a POST whose media type is {@code application/grpc}
 * or {@code application/grpc+<codec>} ({@code +proto}, {@code +json}, …). gRPC-Web
 * ({@code application/grpc-web*}) frames its trailers differently and is not treated as gRPC.
 */
public final class GrpcRequests {
  /** The media type of gRPC over HTTP/2. */
  public static final String MEDIA_TYPE = "application/grpc";
  /** The header naming the coding of compressed messages (gzip, deflate, identity…). */
  public static final String ENCODING_HEADER = "grpc-encoding";

  private GrpcRequests() {}

  /** Whether {@code req} is a gRPC call. */
  public static boolean isGrpc(InspectedRequest req) {
    return isGrpc(req.method(), req.header("content-type"));
  }

  /**
   * @param method the request method
   * @param contentType the Content-Type header value, or null
   */
  public static boolean isGrpc(String method, String contentType) {
    return "POST".equalsIgnoreCase(method) && isGrpcMediaType(contentType);
  }

  /** Whether a Content-Type value (parameters allowed) is gRPC's. */
  public static boolean isGrpcMediaType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return type.equals(MEDIA_TYPE) || (type.startsWith(MEDIA_TYPE + "+") && type.length() > MEDIA_TYPE.length() + 1);
  }
}
