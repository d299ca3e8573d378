package dev.airlock.admin.metrics;

/** The version in the jar manifest; builds run from source (tests, IDE) have none. */
final class BuildVersion {
  static final String DEVELOPMENT = "development build";

  private BuildVersion() {}

  static String current() {
    String version = BuildVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? DEVELOPMENT : version;
  }
}
