package dev.airlock.admin.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A client error with its wire form; thrown inside handlers, turned into an error envelope. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient HttpResponseStatus status;
  private final String code;
  private final String field;

  ApiException(HttpResponseStatus status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static ApiException badRequest(String code, String field, String message) {
    return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message, field);
  }

  static ApiException unprocessable(String code, String field, String message) {
    return new ApiException(HttpResponseStatus.UNPROCESSABLE_ENTITY, code, message, field);
  }

  static ApiException notFound(String message) {
    return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", message, null);
  }

  /** The caller's key may not do this (role or environment scope). */
  static ApiException forbidden(String message) {
    return new ApiException(HttpResponseStatus.FORBIDDEN, "forbidden", message, null);
  }

  static ApiException methodNotAllowed(ApiRequest request) {
    return new ApiException(
        HttpResponseStatus.METHOD_NOT_ALLOWED,
        "method_not_allowed",
        request.method() + " is not allowed on " + request.path(),
        null);
  }

  HttpResponseStatus status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
