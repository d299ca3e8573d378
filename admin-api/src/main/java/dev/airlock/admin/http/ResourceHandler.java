package dev.airlock.admin.http;

/** Serves one resource (all methods and sub-paths under it). Runs on the store executor. */
interface ResourceHandler {
  ApiResponse handle(ApiRequest request);
}
