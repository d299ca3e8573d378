package dev.airlock.admin.alerts.siem;

/** The version SIEM events carry: the jar manifest's, as {@code airlock --version} prints it. */
public final class ProductVersion {
  /** What a build from source (no manifest) reports. */
  public static final String DEVELOPMENT = "dev";

  private ProductVersion() {}

  /** The running product's version, or {@link #DEVELOPMENT}. */
  public static String current() {
    String version = ProductVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? DEVELOPMENT : version;
  }
}
