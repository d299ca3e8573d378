package dev.airlock.admin.cli;

/** How commands print results: aligned tables for people, JSON for scripts. */
enum OutputFormat {
  TABLE,
  JSON
}
