package dev.airlock.bench.report;

/**
 * The least-squares line y = intercept + slope·x through a set of points.
 *
 * @param points how many points it was fitted to
 */
public record LinearFit(double slope, double intercept, int points) {

  /** Fits x[i], y[i]; needs at least two distinct x values. */
  public static LinearFit of(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x, y: " + x.length + " and " + y.length + " values (expected: as many of each)");
    }
    int n = x.length;
    double sumX = 0;
    double sumY = 0;
    for (int i = 0; i < n; i++) {
      sumX += x[i];
      sumY += y[i];
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      // Centred sums: no cancellation when x is large (seconds) and y is large (bytes).
      sxx += (x[i] - meanX) * (x[i] - meanX);
      sxy += (x[i] - meanX) * (y[i] - meanY);
    }
    if (n < 2 || sxx == 0) {
      throw new IllegalArgumentException("points: " + n + " (expected: at least two with different x)");
    }
    double slope = sxy / sxx;
    return new LinearFit(slope, meanY - slope * meanX, n);
  }

  public double at(double x) {
    return intercept + slope * x;
  }
}
