package dev.airlock.proxy.normalize.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.proxy.normalize.Verb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrpcNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "GetNote, READ", "Get, READ", "List, READ", "ListNotes, READ", "ReadRows, READ", "Watch, READ",
      "SearchDocs, READ", "Query, READ", "QueryV2, READ", "Get_v2, READ", "Get2, READ",
      "CreateNote, WRITE", "DeleteNote, WRITE", "Getaway, WRITE", "Listen, WRITE", "Readjust, WRITE",
      "Querying, WRITE", "getNote, WRITE", "UpdateList, WRITE", "Check, WRITE"})
  void verbFromTheMethodName(String method, Verb verb) {
    assertThat(GrpcNormalizer.verbOf(method)).isEqualTo(verb);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "application/grpc | true", "application/grpc+proto | true", "Application/GRPC+json; charset=utf-8 | true",
      "application/grpc+ | false", "application/grpc-web | false", "application/grpc-web+proto | false",
      "application/json | false", "application/grpcx | false"})
  void grpcMediaTypes(String contentType, boolean grpc) {
    assertThat(GrpcRequests.isGrpcMediaType(contentType)).isEqualTo(grpc);
    assertThat(GrpcRequests.isGrpc("POST", contentType)).isEqualTo(grpc);
    assertThat(GrpcRequests.isGrpc("GET", contentType)).isFalse();
  }
}
