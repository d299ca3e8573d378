package dev.airlock.bench.report;

import java.util.List;

/** Medians and ratios over rounds; NaN stands for "not measured" and is skipped. */
public final class Stats {
  private Stats() {}

  public static double median(List<Double> values) {
    double[] v = values.stream().filter(x -> x != null && !x.isNaN()).mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** {@code value / base}, NaN when the base is zero or missing. */
  public static double ratio(double value, double base) {
    return base == 0 || Double.isNaN(base) || Double.isNaN(value) ? Double.NaN : value / base;
  }
}
