package dev.airlock.admin.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of a Prometheus or OpenMetrics text exposition, for assertions. */
public final class MetricSamples {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)(?: \\S+)?$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private MetricSamples(List<Sample> samples) {
    this.samples = samples;
  }

  public static MetricSamples parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, number(m.group(3))));
    }
    return new MetricSamples(samples);
  }

  public List<Sample> all() {
    return List.copyOf(samples);
  }

  /**
   * The value of the sample named {@code name} whose labels are exactly {@code labels} (name,
   * value, name, value...; an {@code le} bound compares as a number), or null when absent.
   */
  public Double value(String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    for (Sample s : samples) {
      if (s.name().equals(name) && sameLabels(s.labels(), wanted)) {
        return s.value();
      }
    }
    return null;
  }

  /** The sum over every sample named {@code name} (0 when there is none). */
  public double sum(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  /** Samples named {@code name}. */
  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static boolean sameLabels(Map<String, String> actual, Map<String, String> wanted) {
    if (!actual.keySet().equals(wanted.keySet())) {
      return false;
    }
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      String a = actual.get(e.getKey());
      boolean same = e.getKey().equals("le")
          ? number(a) == number(e.getValue())
          : a.equals(e.getValue());
      if (!same) {
        return false;
      }
    }
    return true;
  }

  private static double number(String text) {
    return Double.parseDouble(text.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
  }
}
