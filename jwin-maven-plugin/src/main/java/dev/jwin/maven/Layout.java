package dev.jwin.maven;

import java.util.Locale;

/**
 * Where a target's DLL goes inside the output directory: the JNA preset ({@code win32-x86-64/foo.dll}), the
 * {@code natives/windows-x86_64/foo.dll} preset, or a pattern with {@code {name}}, {@code {arch}} (x86_64, x86,
 * aarch64), {@code {jna}} (win32-x86-64, ...) and {@code {target}}.
 */
record Layout(String pattern) {
  static final String JNA = "{jna}/{name}.dll";
  static final String NATIVES = "natives/windows-{arch}/{name}.dll";

  static Layout of(String setting) throws IllegalArgumentException {
    String s = setting == null || setting.isBlank() ? "jna" : setting.strip();
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "jna" -> new Layout(JNA);
      case "natives" -> new Layout(NATIVES);
      default -> {
        if (!s.contains("{name}"))
          throw new IllegalArgumentException("layout '" + s + "' is not 'jna', 'natives' or a pattern with {name}");
        yield new Layout(s);
      }
    };
  }

  /** x86_64, x86 or aarch64 for a Windows target triple; an exception naming the known targets otherwise. */
  static String arch(String target) {
    String[] parts = target.split("-");
    boolean windows = parts.length >= 2 && (target.contains("-windows") || target.contains("-w64-mingw32")
        || target.contains("-mingw32"));
    String arch = switch (parts[0]) {
      case "x86_64", "amd64", "x64" -> "x86_64";
      case "i386", "i486", "i586", "i686", "x86" -> "x86";
      case "aarch64", "arm64" -> "aarch64";
      default -> null;
    };
    if (arch == null || !windows)
      throw new IllegalArgumentException("unknown target '" + target
          + "' (expected x86_64-windows-gnu, i686-windows-gnu or aarch64-windows-gnu)");
    return arch;
  }

  String path(String target, String name) {
    String arch = arch(target);
    String jna = switch (arch) {
      case "x86_64" -> "win32-x86-64";
      case "x86" -> "win32-x86";
      default -> "win32-aarch64";
    };
    return pattern.replace("{name}", name).replace("{arch}", arch).replace("{jna}", jna).replace("{target}", target);
  }
}
