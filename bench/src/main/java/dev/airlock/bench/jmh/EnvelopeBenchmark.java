package dev.airlock.bench.jmh;

import dev.airlock.proxy.detect.DetectorSettings;
import dev.airlock.proxy.detect.Detectors;
import dev.airlock.proxy.inspect.Inspection;
import dev.airlock.proxy.inspect.RequestInspector;
import dev.airlock.proxy.normalize.ExternalPrincipals;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.ToolCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Inspection of a request without a body, as an SDK sends it: what scanning the header values,
 * the URL path and the query costs on every request. {@code OWN_KEY} carries the agent's OpenAI
 * key to api.openai.com (found and bound), {@code NO_KEY} the same headers without it,
 * {@code WEBHOOK} a Discord webhook URL whose token is found in the path and redacted. Every
 * request carries a new {@code traceparent}, as real clients send, so one header line is always
 * new to the scan cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class EnvelopeBenchmark {
  /** Request variants. */
  public enum Envelope { NO_KEY, OWN_KEY, WEBHOOK }

  private static final String OPENAI_KEY = "sk-proj-xe12nZQoKLl-AGtpT45GLClCsl5WuPLhNxxoAnJd3VGbDfaW1QKmvUnMmlFvwTAjTAds"
      + "V8P9nBT3BlbkFJuiY2xpS_tj1JXYMhG6Nylg_TKgebaGNtcgygFZ1U_7wlyJipR37vK_8NXK1BKCYlPkSf0CsGud";

  @Param({"NO_KEY", "OWN_KEY", "WEBHOOK"})
  Envelope envelope;

  private RequestInspector inspector;
  private InspectedRequest request;
  private Map<String, List<String>> headers;
  private long sequence;

  @Setup
  public void setup() {
    inspector = new RequestInspector(
        ToolCatalog.load(null), new Detectors(DetectorSettings.defaults()), new ExternalPrincipals(Set.of(), Set.of()));
    headers = new LinkedHashMap<>();
    header(headers, "host", "api.openai.com");
    header(headers, "user-agent", "OpenAI/JS 4.104.0");
    header(headers, "accept", "application/json");
    header(headers, "x-stainless-lang", "js");
    header(headers, "x-stainless-package-version", "4.104.0");
    header(headers, "x-stainless-os", "Linux");
    header(headers, "x-stainless-runtime", "node");
    header(headers, "x-stainless-runtime-version", "v20.19.2");
    header(headers, "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    header(headers, "accept-encoding", "gzip, deflate");
    String host = "api.openai.com";
    String path = "/v1/models/gpt-4o-mini";
    String query = "include=permissions";
    List<String> expectedBound = List.of();
    switch (envelope) {
      case OWN_KEY -> {
        header(headers, "authorization", "Bearer " + OPENAI_KEY);
        expectedBound = List.of("SECRETS.openai_key");
      }
      case WEBHOOK -> {
        host = "discord.com";
        path = "/api/webhooks/2283529755194288177/HAeAD4B6Cy-FDd2x9KAL02Ia9-0x-W816HX_0yuzKNYxOW0ul1-KCK4Me77Jh-vFDSez";
        query = "wait=true";
        expectedBound = List.of("SECRETS.discord_webhook_url");
      }
      default -> { }
    }
    request = new InspectedRequest("https", host, 443, "GET", path, query, headers, new byte[0], true);
    Inspection first = inspector.inspect(request);
    if (!first.detectorIds().isEmpty() || !first.boundDetectorIds().equals(expectedBound)) {
      throw new IllegalStateException(envelope + ": found " + first.detectorIds() + ", bound "
          + first.boundDetectorIds() + " (expected: none, bound " + expectedBound + ")");
    }
  }

  private static void header(Map<String, List<String>> headers, String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
  }

  @Benchmark
  public Inspection inspect() {
    long id = ++sequence * 0x9E3779B97F4A7C15L;
    String traceId = Long.toHexString(id | Long.MIN_VALUE) + Long.toHexString(~id | Long.MIN_VALUE);
    headers.put("traceparent", List.of("00-" + traceId + "-00f067aa0ba902b7-01"));
    return inspector.inspect(request);
  }
}
