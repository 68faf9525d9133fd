package dev.jwin;

/** jwin's version, from the jar's manifest (a development build has none). */
public final class Version {
  private Version() {}

  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-dev" : v;
  }
}
