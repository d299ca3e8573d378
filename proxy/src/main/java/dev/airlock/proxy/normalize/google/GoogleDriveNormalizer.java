package dev.airlock.proxy.normalize.google;

import static dev.airlock.proxy.normalize.Verb.ADMIN;
import static dev.airlock.proxy.normalize.Verb.READ;
import static dev.airlock.proxy.normalize.Verb.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.proxy.normalize.InspectedRequest;
import dev.airlock.proxy.normalize.Normalizer;
import dev.airlock.proxy.normalize.ToolCall;
import dev.airlock.proxy.normalize.body.BodyFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Google Drive API v2 and v3 ({@code www.googleapis.com/drive/...} and {@code /upload/drive/...}).
 * The host serves many Google APIs, so only Drive paths are claimed. A permission grant is
 * {@code share_file}, and {@code share_file_external} when its grantee (the user's or group's
 * address, or the domain) is outside the org domains or the grant is to anyone.
 */
public final class GoogleDriveNormalizer implements Normalizer {
  static final String TOOL = "google_drive";
  private static final Set<String> HOSTS =
      Set.of("www.googleapis.com", "content.googleapis.com", "drive.googleapis.com");
  private static final String SHARE = "share_file";

  private static final Routes ROUTES = new Routes()
      .add("POST", "/drive/{v}/files/{file_id}/permissions", SHARE, ADMIN)
      .add("PATCH", "/drive/{v}/files/{file_id}/permissions/{permission_id}", "update_permission", ADMIN)
      .add("PUT", "/drive/{v}/files/{file_id}/permissions/{permission_id}", "update_permission", ADMIN)
      .add("DELETE", "/drive/{v}/files/{file_id}/permissions/{permission_id}", "delete_permission", ADMIN)
      .add("GET", "/drive/{v}/files/{file_id}/permissions/**", "list_permissions", READ)
      .add("POST", "/upload/drive/{v}/files", "upload_file", WRITE)
      .add("PATCH", "/upload/drive/{v}/files/{file_id}", "update_file", WRITE)
      .add("PUT", "/upload/drive/{v}/files/{file_id}", "update_file", WRITE)
      .add("POST", "/drive/{v}/files", "create_file", WRITE)
      .add("POST", "/drive/{v}/files/generateIds", "generate_ids", READ)
      .add("POST", "/drive/{v}/files/{file_id}/copy", "copy_file", WRITE)
      .add("DELETE", "/drive/{v}/files/trash", "empty_trash", WRITE)
      .add("DELETE", "/drive/{v}/files/{file_id}", "delete_file", WRITE)
      .add("POST", "/drive/{v}/files/{file_id}/trash", "delete_file", WRITE)
      .add("PATCH", "/drive/{v}/files/{file_id}", "update_file", WRITE)
      .add("PUT", "/drive/{v}/files/{file_id}", "update_file", WRITE)
      .add("GET", "/drive/{v}/files", "list_files", READ)
      .add("GET", "/drive/{v}/files/{file_id}/export", "export_file", READ)
      .add("GET", "/drive/{v}/files/{file_id}", "read_file", READ)
      .add("POST", "/drive/{v}/files/{file_id}/comments", "add_comment", WRITE)
      .add("POST", "/drive/{v}/files/{file_id}/comments/{comment_id}/replies", "add_comment", WRITE)
      .add("POST", "/drive/{v}/drives", "create_drive", ADMIN)
      .add("POST", "/drive/{v}/teamdrives", "create_drive", ADMIN)
      .add("DELETE", "/drive/{v}/drives/{drive_id}", "delete_drive", ADMIN)
      .add("POST", "/batch/drive/{v}", "batch", WRITE);

  @Override
  public Optional<ToolCall> normalize(InspectedRequest req) {
    String path = req.path();
    if (!HOSTS.contains(req.host()) || !(path.startsWith("/drive/") || path.startsWith("/upload/drive/")
        || path.startsWith("/batch/drive/"))) {
      return Optional.empty();
    }
    Routes.Route route = ROUTES.match(req.method(), path);
    if (!route.operation().equals(SHARE)) {
      return Optional.of(ToolCall.of(TOOL, route.operation(), route.verb()));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(ToolCall.EXTERNAL_OPERATION, SHARE + "_external");
    Optional<JsonNode> grant = BodyFields.json(req);
    String type = grant.flatMap(g -> BodyFields.text(g, "type")).orElse("").toLowerCase(Locale.ROOT);
    if (!type.isEmpty()) {
      attributes.put("grant_type", type);
    }
    grant.flatMap(g -> BodyFields.text(g, "role")).ifPresent(r -> attributes.put("role", r));
    return Optional.of(new ToolCall(TOOL, SHARE, ADMIN, null, grantees(type, grant.orElse(null)), attributes));
  }

  /** Who a grant reaches: v3 names it in emailAddress or domain, v2 in value. */
  private static List<String> grantees(String type, JsonNode grant) {
    if (type.equals("anyone")) {
      return List.of(ToolCall.ANYONE);
    }
    if (grant == null) {
      return List.of();
    }
    for (String field : List.of("emailAddress", "domain", "value")) {
      Optional<String> v = BodyFields.text(grant, field);
      if (v.isPresent() && !v.get().isBlank()) {
        return List.of(v.get().strip());
      }
    }
    return List.of();
  }
}
