package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A status and a complete JSON body. */
record ApiResponse(HttpResponseStatus status, JsonNode body) {}
