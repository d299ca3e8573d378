package dev.airlock.bench.report;

import java.util.List;
import org.HdrHistogram.Histogram;

/** Merges per-connection histograms into one. */
public final class Histograms {
  private Histograms() {}

  public static Histogram merge(List<Histogram> parts, long highestTrackableValue) {
    Histogram merged = new Histogram(highestTrackableValue, 3);
    for (Histogram h : parts) {
      merged.add(h);
    }
    return merged;
  }
}
