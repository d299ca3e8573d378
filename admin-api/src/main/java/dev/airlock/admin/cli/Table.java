package dev.airlock.admin.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Plain-text table: a header row, then one aligned row per item. Cells longer than their column's
 * limit end in an ellipsis. Control and formatting characters are replaced, because cells carry
 * data recorded from agent traffic (paths, hosts) that must not drive the operator's terminal.
 */
final class Table {
  private static final String GAP = "  ";
  private static final String ELLIPSIS = "…";
  private static final String EMPTY = "-";

  /**
   * One column.
   *
   * @param header header text
   * @param maxWidth longest cell shown in full, in characters (code points)
   */
  record Column(String header, int maxWidth) {
    Column {
      requireNonNull(header, "header");
      if (maxWidth < 1) {
        throw new IllegalArgumentException("maxWidth: " + maxWidth + " (expected: >= 1)");
      }
    }
  }

  private final List<Column> columns;
  private final List<String[]> rows = new ArrayList<>();

  private Table(List<Column> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("columns: none (expected: at least one)");
    }
    this.columns = List.copyOf(columns);
  }

  static Table of(Column... columns) {
    return new Table(Arrays.asList(columns));
  }

  /** A column whose cells are never truncated. */
  static Column column(String header) {
    return new Column(header, Integer.MAX_VALUE);
  }

  static Column column(String header, int maxWidth) {
    return new Column(header, maxWidth);
  }

  /** Adds a row; {@code null} and empty cells show as {@code -}. */
  Table row(Object... cells) {
    if (cells.length != columns.size()) {
      throw new IllegalArgumentException(
          "cells: " + cells.length + " (expected: " + columns.size() + ")");
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = truncate(clean(cells[i]), columns.get(i).maxWidth());
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The header and rows, one line each, without trailing spaces; ends with a newline. */
  String render() {
    int[] widths = new int[columns.size()];
    String[] header = new String[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      header[i] = truncate(clean(columns.get(i).header()), columns.get(i).maxWidth());
      widths[i] = width(header[i]);
    }
    for (String[] row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], width(row[i]));
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, header, widths);
    rows.forEach(row -> appendLine(out, row, widths));
    return out.toString();
  }

  /** {@code Key: value} lines with the values aligned, for showing one item. */
  static String details(Map<String, ?> fields) {
    int keyWidth = fields.keySet().stream().mapToInt(k -> width(k) + 1).max().orElse(0);
    StringBuilder out = new StringBuilder();
    fields.forEach(
        (key, value) -> {
          String label = key + ":";
          out.append(label)
              .append(" ".repeat(keyWidth - width(label) + 1))
              .append(clean(value))
              .append('\n');
        });
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(GAP);
      }
      line.append(cells[i]).append(" ".repeat(widths[i] - width(cells[i])));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String clean(Object cell) {
    String text = cell == null ? "" : cell.toString();
    if (text.isEmpty()) {
      return EMPTY;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(cp -> out.appendCodePoint(isUnsafe(cp) ? (Character.isWhitespace(cp) ? ' ' : '?') : cp));
    return out.toString();
  }

  private static boolean isUnsafe(int codePoint) {
    return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
  }

  private static String truncate(String text, int maxWidth) {
    if (width(text) <= maxWidth) {
      return text;
    }
    int end = text.offsetByCodePoints(0, maxWidth - 1);
    return text.substring(0, end) + ELLIPSIS;
  }

  private static int width(String text) {
    return text.codePointCount(0, text.length());
  }
}
