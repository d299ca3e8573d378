package dev.airlock.admin.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A tool catalog entry added through the admin API.
 *
 * @param name the tool name the entry defines
 * @param description free text ("" when absent)
 * @param documentJson the entry in the catalog file format, as JSON
 * @param createdAt when it was added (null before it is stored)
 */
public record StoredTool(String name, String description, String documentJson, Instant createdAt) {
  public StoredTool {
    requireNonNull(name, "name");
    description = description == null ? "" : description;
    requireNonNull(documentJson, "documentJson");
  }
}
