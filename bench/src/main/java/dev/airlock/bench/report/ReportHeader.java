package dev.airlock.bench.report;

import java.util.List;
import java.util.Map;

/**
 * What the report says about where and how the numbers were taken.
 *
 * @param facts ordered key/value lines (date, machine, JVM, transport, settings)
 * @param systems per system: version and set-up note
 * @param excluded systems that could not be measured, with why
 * @param method the method paragraph
 */
public record ReportHeader(
    Map<String, String> facts, List<SystemLine> systems, Map<String, String> excluded, String method) {

  /** One measured system: its name, version and how it was set up. */
  public record SystemLine(String name, String version, String note) {}
}
