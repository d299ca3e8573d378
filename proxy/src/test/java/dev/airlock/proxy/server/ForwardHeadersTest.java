package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class ForwardHeadersTest {

  private static HttpHeaders request(String contentType, String te) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("content-type", contentType);
    h.set("te", te);
    h.set("connection", "keep-alive, x-hop");
    h.set("x-hop", "1");
    h.set("proxy-authorization", "Basic abc");
    return h;
  }

  @Test
  void aGrpcCallKeepsTeTrailersAndLosesEveryOtherHopByHopHeader() {
    HttpHeaders h = request("application/grpc+proto", "trailers");

    ForwardHeaders.prepareRequest(h, "POST");

    assertThat(h.getAll("te")).containsExactly("trailers");
    assertThat(h.contains("connection")).isFalse();
    assertThat(h.contains("x-hop")).isFalse();
    assertThat(h.contains("proxy-authorization")).isFalse();
    assertThat(h.get("via")).isEqualTo("1.1 airlock");
  }

  @Test
  void otherRequestsLoseTe() {
    HttpHeaders json = request("application/json", "trailers");
    HttpHeaders grpcOtherTe = request("application/grpc", "gzip");

    ForwardHeaders.prepareRequest(json, "POST");
    ForwardHeaders.prepareRequest(grpcOtherTe, "POST");

    assertThat(json.contains("te")).isFalse();
    assertThat(grpcOtherTe.contains("te")).isFalse();
  }
}
