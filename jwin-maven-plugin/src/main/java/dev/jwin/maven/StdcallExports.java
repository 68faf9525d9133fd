package dev.jwin.maven;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * i686 JNI exports under both names: JNICALL is stdcall there, so {@code Java_p_C_m} is the symbol
 * {@code _Java_p_C_m@N} (N = bytes of arguments); the JVM looks up either spelling. The sizes come from the
 * prototypes {@code javac -h} wrote: 8 bytes for jlong and jdouble, 4 for everything else.
 */
final class StdcallExports {
  private static final Pattern PROTOTYPE =
      Pattern.compile("JNIEXPORT\\s+[\\w\\s*]+?\\s+JNICALL\\s+(Java_\\w+)\\s*\\(([^)]*)\\)");

  private StdcallExports() {}

  /** A module-definition file exporting each {@code Java_*} function of the headers undecorated and decorated. */
  static String def(List<String> headers) {
    List<String> lines = new ArrayList<>(List.of("EXPORTS"));
    for (String h : headers) {
      Matcher m = PROTOTYPE.matcher(h);
      while (m.find()) {
        int bytes = 0;
        for (String p : m.group(2).split(",")) {
          String t = p.strip();
          if (t.isEmpty() || t.equals("void")) continue;
          bytes += t.startsWith("jlong") || t.startsWith("jdouble") ? 8 : 4;
        }
        String decorated = m.group(1) + "@" + bytes;
        lines.add("  " + m.group(1) + " = " + decorated);
        lines.add("  " + decorated);
      }
    }
    return lines.size() == 1 ? null : String.join("\n", lines) + "\n";
  }
}
