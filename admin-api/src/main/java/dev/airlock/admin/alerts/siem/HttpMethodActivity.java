package dev.airlock.admin.alerts.siem;

import java.util.Locale;

/** OCSF HTTP Activity {@code activity_id} values, one per HTTP method (Other for the rest). */
enum HttpMethodActivity {
  CONNECT(1, "Connect"),
  DELETE(2, "Delete"),
  GET(3, "Get"),
  HEAD(4, "Head"),
  OPTIONS(5, "Options"),
  POST(6, "Post"),
  PUT(7, "Put"),
  TRACE(8, "Trace"),
  PATCH(9, "Patch"),
  OTHER(99, "Other");

  private final int id;
  private final String caption;

  HttpMethodActivity(int id, String caption) {
    this.id = id;
    this.caption = caption;
  }

  static HttpMethodActivity of(String method) {
    if (method == null) {
      return OTHER;
    }
    try {
      HttpMethodActivity activity = valueOf(method.trim().toUpperCase(Locale.ROOT));
      return activity;
    } catch (IllegalArgumentException e) {
      return OTHER;
    }
  }

  int id() {
    return id;
  }

  String caption() {
    return caption;
  }
}
