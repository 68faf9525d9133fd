package dev.jwin.api;

import dev.jwin.api.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Diagnostics out of what the compiler driver prints: clang's {@code file:line:col: error: message} lines and
 * jwin's own {@code jwin: error: message} lines (link errors included). Other lines (source excerpts, carets,
 * "1 error generated") are not diagnostics.
 */
final class DiagnosticText {
  private static final Pattern CLANG = Pattern.compile("^(.+?):(\\d+):(?:(\\d+):)? (fatal error|error|warning|note): (.*)$");
  private static final Pattern JWIN = Pattern.compile("^(?:jwin|lld-link|clang[-\\w]*): (error|warning|note): (.*)$");
  private static final Pattern FILE_FIRST = Pattern.compile("^([^\\s:'][^\\s']*\\.[A-Za-z0-9]+|/[^\\s:']+|[A-Za-z]:\\\\[^:']+): (.*)$");
  private static final Pattern SYMBOL = Pattern.compile("^(?:undefined|duplicate) symbol: (.+)$");
  private static final Pattern WHERE = Pattern.compile("^>>> (?:referenced by|defined at) (.+?)(?::\\(.*\\))?$");

  private DiagnosticText() {}

  static List<Diagnostic> parse(String text) {
    List<Diagnostic> list = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher m = CLANG.matcher(line);
      if (m.matches() && !line.startsWith("jwin: ")) {
        list.add(new Diagnostic(severity(m.group(4)), m.group(1), Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), null, m.group(5)));
        continue;
      }
      m = JWIN.matcher(line);
      if (!m.matches()) continue;
      StringBuilder message = new StringBuilder(m.group(2));
      while (i + 1 < lines.length && lines[i + 1].startsWith(">>> ")) message.append('\n').append(lines[++i]);
      list.add(ofLinker(severity(m.group(1)), message.toString()));
    }
    return list;
  }

  /**
   * A linker message as an object: {@code undefined symbol: NAME} with its {@code >>> referenced by FILE} line
   * gives symbol and file; {@code FILE: problem} gives the file.
   */
  static Diagnostic ofLinker(Severity severity, String message) {
    String[] lines = message.split("\n");
    Matcher s = SYMBOL.matcher(lines[0]);
    if (s.matches()) {
      String file = null;
      for (int i = 1; i < lines.length && file == null; i++) {
        Matcher w = WHERE.matcher(lines[i]);
        if (w.matches()) file = w.group(1);
      }
      return new Diagnostic(severity, file, 0, 0, s.group(1), message);
    }
    Matcher f = FILE_FIRST.matcher(lines[0]);
    if (f.matches()) return new Diagnostic(severity, f.group(1), 0, 0, null, message);
    return new Diagnostic(severity, null, 0, 0, null, message);
  }

  private static Severity severity(String word) {
    return switch (word) {
      case "error", "fatal error" -> Severity.ERROR;
      case "warning" -> Severity.WARNING;
      default -> Severity.NOTE;
    };
  }
}
