package dev.airlock.admin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.admin.store.AuditChange;
import dev.airlock.admin.store.StoredFeed;
import dev.airlock.admin.store.ThreatFeedRepository;
import dev.airlock.proxy.intel.Feed;
import dev.airlock.proxy.intel.FeedFormat;
import dev.airlock.proxy.intel.FeedParser;
import dev.airlock.proxy.intel.ThreatIntel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/threat-intel/feeds}: the threat-intel feeds this node enforces. {@code POST}
 * stores a feed ({@code {name, format, indicators[] | text}}; the same name again replaces it),
 * {@code GET} lists every feed (those stored here and the feed files this node loaded from its
 * threat-intel directory) with its counts and skipped lines, {@code GET /{name}} shows one, {@code
 * DELETE /{name}} removes a stored feed. Feeds apply to every environment, so changing them needs a
 * tenant-wide key; every key may read them. A change is in force on this node before the answer
 * and on the others by notification.
 */
final class ThreatIntelHandler implements ResourceHandler {
  private static final Set<String> FIELDS = Set.of("name", "format", "indicators", "text");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final String WHAT = "changing threat-intel feeds (they apply to every environment)";

  private final ThreatFeedRepository feeds;
  private final ThreatIntel intel;
  private final ObjectMapper json;
  private final Envelope envelope;
  private final Runnable changed;
  private final FeedParser parser = new FeedParser();

  ThreatIntelHandler(ThreatFeedRepository feeds, ThreatIntel intel, ObjectMapper json, Envelope envelope,
      Runnable changed) {
    this.feeds = feeds;
    this.intel = intel;
    this.json = json;
    this.envelope = envelope;
    this.changed = changed;
  }

  @Override
  public ApiResponse handle(ApiRequest req) {
    List<String> path = req.segments();
    if (path.size() < 2 || !path.get(1).equals("feeds") || path.size() > 3) {
      throw ApiException.notFound("no such resource: " + req.path() + " (threat-intel feeds are under"
          + " /api/v1/threat-intel/feeds)");
    }
    if (path.size() == 2) {
      if (req.isGet()) {
        return list(req);
      }
      if (HttpMethod.POST.equals(req.method())) {
        return save(req);
      }
      throw ApiException.methodNotAllowed(req);
    }
    String name = path.get(2);
    if (req.isGet()) {
      return envelope.ok(req, one(name));
    }
    if (HttpMethod.DELETE.equals(req.method())) {
      return delete(req, name);
    }
    throw ApiException.methodNotAllowed(req);
  }

  /** The feed of that name: a stored one, else a file of that name ("api/…" sorts before "file/…"). */
  private ObjectNode one(String name) {
    for (ObjectNode v : all().values()) {
      if (v.get("name").asText().equals(name)) {
        return v;
      }
    }
    throw ApiException.notFound("threat-intel feed not found: " + name);
  }

  private ApiResponse list(ApiRequest req) {
    int limit = ListParams.limit(req.param("limit"));
    String after = req.param("cursor");
    List<ObjectNode> views = new ArrayList<>(all().values());
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    String last = null;
    boolean more = false;
    for (ObjectNode v : views) {
      String key = v.get("source").asText() + "/" + v.get("name").asText();
      if (after != null && key.compareTo(after) <= 0) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(v);
      last = key;
    }
    return envelope.list(req, items, more ? last : null, views.size());
  }

  /** Every feed by "source/name": stored ones from the database, file ones as this node loaded them. */
  private Map<String, ObjectNode> all() {
    Map<String, ThreatIntel.FeedStatus> loaded = new TreeMap<>();
    for (ThreatIntel.FeedStatus s : intel.feeds()) {
      loaded.put(s.source() + "/" + s.name(), s);
    }
    Map<String, ObjectNode> out = new TreeMap<>();
    for (StoredFeed f : feeds.list()) {
      ObjectNode v = stored(f);
      ThreatIntel.FeedStatus s = loaded.get(ThreatIntel.API + "/" + f.name());
      if (s != null) {
        counts(v, s);
      }
      out.put(ThreatIntel.API + "/" + f.name(), v);
    }
    loaded.forEach((key, s) -> {
      if (s.source().equals(ThreatIntel.FILES)) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("name", s.name());
        v.put("source", s.source());
        v.put("format", s.format());
        v.put("indicators", s.indicators());
        v.put("invalid", s.invalid());
        counts(v, s);
        out.put(key, v);
      }
    });
    return out;
  }

  private ApiResponse save(ApiRequest req) {
    Scopes.requireTenantWide(req.principal(), WHAT);
    JsonBody body = JsonBody.parse(json, req, FIELDS);
    String name = body.text("name", null);
    if (name == null || !NAME.matcher(name).matches()) {
      throw ApiException.badRequest("invalid_name", "name", "name: " + (name == null ? "missing" : "\"" + name + "\"")
          + " (expected: 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit)");
    }
    String formatName = body.text("format", "plain");
    FeedFormat format = FeedFormat.of(formatName);
    if (format == null) {
      throw ApiException.badRequest("invalid_format", "format", "format: \"" + formatName
          + "\" (expected: plain, urlhaus)");
    }
    String text = text(body);
    Feed parsed = parser.parse(name, format, text);
    if (parsed.indicatorCount() == 0) {
      throw ApiException.unprocessable("no_indicators", body.has("text") ? "text" : "indicators",
          "the feed holds no indicator (" + parsed.invalid() + " line(s) skipped"
              + (parsed.invalidSamples().isEmpty() ? "" : ", e.g. " + parsed.invalidSamples().get(0)) + ")");
    }
    StoredFeed feed = new StoredFeed(name, format.slug(), text, parsed.indicatorCount(), parsed.invalid(),
        sha256(text), null, null);
    ThreatFeedRepository.Saved saved = feeds.save(feed, req.actor(), (before, after) -> new AuditChange(
        before == null ? "threat_intel.feed.create" : "threat_intel.feed.replace", "threat_intel_feed", name, null,
        before == null ? null : stored(before), stored(after)));
    changed.run();
    ObjectNode view = stored(saved.feed());
    view.put("domains", parsed.domainCount());
    view.put("ips", parsed.ipCount());
    view.put("urls", parsed.urlCount());
    parsed.invalidSamples().forEach(view.putArray("invalid_samples")::add);
    return envelope.data(req, saved.replaced() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, view);
  }

  /** The feed's text: {@code text} as given, or {@code indicators} one per line; exactly one of them. */
  private static String text(JsonBody body) {
    JsonNode indicators = body.node("indicators");
    String text = body.text("text", null);
    if ((indicators == null) == (text == null)) {
      throw ApiException.badRequest("invalid_feed", indicators == null ? "indicators" : "text",
          "give the feed's indicators either as \"indicators\" (an array) or as \"text\" (the feed file's content),"
              + " not both");
    }
    if (text != null) {
      return text;
    }
    if (!indicators.isArray()) {
      throw ApiException.badRequest("invalid_field", "indicators", "indicators: expected an array of strings");
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < indicators.size(); i++) {
      JsonNode n = indicators.get(i);
      if (!n.isTextual() || n.asText().indexOf('\n') >= 0) {
        throw ApiException.badRequest("invalid_field", "indicators[" + i + "]",
            "indicators[" + i + "]: expected one indicator as a string");
      }
      b.append(n.asText()).append('\n');
    }
    return b.toString();
  }

  private ApiResponse delete(ApiRequest req, String name) {
    Scopes.requireTenantWide(req.principal(), WHAT);
    boolean deleted = feeds.delete(name, req.actor(), (before, after) -> new AuditChange("threat_intel.feed.delete",
        "threat_intel_feed", name, null, stored(before), null));
    if (!deleted) {
      boolean isFile = intel.feeds().stream().anyMatch(s -> s.name().equals(name));
      throw isFile
          ? ApiException.badRequest("file_feed", "name", "feed " + name + " comes from a file in the threat-intel"
              + " directory; remove the file instead")
          : ApiException.notFound("threat-intel feed not found: " + name);
    }
    changed.run();
    return envelope.ok(req, JsonNodeFactory.instance.objectNode().put("name", name).put("deleted", true));
  }

  private static ObjectNode stored(StoredFeed f) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", f.name());
    n.put("source", ThreatIntel.API);
    n.put("format", f.format());
    n.put("indicators", f.indicatorCount());
    n.put("invalid", f.invalidCount());
    n.put("sha256", f.sha256());
    n.put("created_at", f.createdAt() == null ? null : f.createdAt().toString());
    n.put("updated_at", f.updatedAt() == null ? null : f.updatedAt().toString());
    return n;
  }

  /** What this node loaded of a feed. */
  private static void counts(ObjectNode v, ThreatIntel.FeedStatus s) {
    v.put("domains", s.domains());
    v.put("ips", s.ips());
    v.put("urls", s.urls());
    s.invalidSamples().forEach(v.withArray("invalid_samples")::add);
    v.put("loaded_at", s.loadedAt().toString());
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
