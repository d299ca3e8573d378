package dev.airlock.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ExchangeTest {
  @Test
  void theTraceIdCarriesTheMillisecondTheExchangeStarted() {
    for (int i = 0; i < 1_000; i++) {
      Exchange ex = new Exchange(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"),
          new Target("example.com", 443, true), null, UnpooledByteBufAllocator.DEFAULT.compositeBuffer(), 1024, 1024);
      try {
        String millis = HexFormat.of().toHexDigits(ex.started.toEpochMilli()).substring(4);
        assertThat(ex.traceId).startsWith("trc_" + millis);
      } finally {
        ex.release();
      }
    }
  }
}
