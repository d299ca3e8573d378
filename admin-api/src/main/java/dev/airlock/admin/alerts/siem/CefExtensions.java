package dev.airlock.admin.alerts.siem;

/** The extension part of a CEF line: space-separated {@code key=value} pairs, values escaped and cut. */
final class CefExtensions {
  private final StringBuilder out = new StringBuilder(256);

  /** Adds {@code key=value}, cut to {@code maxChars}; a null or empty value is left out. */
  CefExtensions add(String key, String value, int maxChars) {
    if (value == null || value.isEmpty()) {
      return this;
    }
    if (!out.isEmpty()) {
      out.append(' ');
    }
    out.append(key).append('=').append(CefText.extension(value, maxChars));
    return this;
  }

  /** Adds a custom field ({@code cs1}, {@code cn1}, …) preceded by its label, both or neither. */
  CefExtensions labelled(String key, String label, String value, int maxChars) {
    if (value == null || value.isEmpty()) {
      return this;
    }
    return add(key + "Label", label, 1023).add(key, value, maxChars);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
