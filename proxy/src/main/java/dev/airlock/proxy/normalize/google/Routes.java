package dev.airlock.proxy.normalize.google;

import dev.airlock.proxy.normalize.Verb;
import dev.airlock.proxy.normalize.catalog.PathTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An ordered table of (method, path template) → operation for one Google API; the first match wins. */
final class Routes {
  /** One row: {@code method} is an HTTP method or "*". */
  record Route(String method, PathTemplate path, String operation, Verb verb) {}

  private final List<Route> routes = new ArrayList<>();

  Routes add(String method, String template, String operation, Verb verb) {
    PathTemplate path = PathTemplate.parse(template)
        .orElseThrow(() -> new IllegalArgumentException("template: " + template));
    routes.add(new Route(method, path, operation, verb));
    return this;
  }

  /** The matching route, or one named {@code read} / {@code http_<method>} when none matches. */
  Route match(String method, String path) {
    for (Route r : routes) {
      if ((r.method().equals("*") || r.method().equals(method)) && r.path().match(path).isPresent()) {
        return r;
      }
    }
    Verb verb = Verb.defaultFor(method);
    String operation = verb == Verb.READ ? "read" : "http_" + method.toLowerCase(Locale.ROOT);
    return new Route(method, null, operation, verb);
  }
}
