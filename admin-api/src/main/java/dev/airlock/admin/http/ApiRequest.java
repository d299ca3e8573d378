package dev.airlock.admin.http;

import dev.airlock.admin.store.AuditActor;
import dev.airlock.admin.store.Principal;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request, copied out of Netty's buffers so it can cross to the store executor.
 *
 * @param segments path segments after {@code /api/v1} (or of the whole path outside it)
 * @param accept the Accept header, "" when absent
 * @param principal the caller, once its bearer token is checked (null before)
 * @param headers every request header (for endpoints authenticated otherwise than by bearer token)
 */
record ApiRequest(
    String requestId,
    HttpMethod method,
    String path,
    List<String> segments,
    Map<String, List<String>> query,
    String contentType,
    String authorization,
    String accept,
    byte[] body,
    Principal principal,
    HttpHeaders headers) {

  ApiRequest {
    headers = headers == null ? EmptyHttpHeaders.INSTANCE : headers;
    segments = List.copyOf(segments);
    query = Map.copyOf(query);
    contentType = contentType == null ? "" : contentType;
    accept = accept == null ? "" : accept;
  }

  /** The single value of a query parameter, null when absent; repeated parameters are an error. */
  String param(String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiException.badRequest("invalid_parameter", name, name + ": given more than once");
    }
    String value = values.get(0);
    return value.isEmpty() ? null : value;
  }

  /** This request as made by {@code who} (set once the bearer token is checked). */
  ApiRequest as(Principal who) {
    return new ApiRequest(requestId, method, path, segments, query, contentType, authorization, accept, body, who,
        headers);
  }

  /** The caller as the audit log records it. */
  AuditActor actor() {
    if (principal == null) {
      throw new IllegalStateException("request " + requestId + " has no authenticated caller");
    }
    return AuditActor.of(principal, requestId);
  }

  /** The first value of header {@code name}, null when absent. */
  String header(String name) {
    return headers.get(name);
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  boolean isGet() {
    return HttpMethod.GET.equals(method);
  }
}
