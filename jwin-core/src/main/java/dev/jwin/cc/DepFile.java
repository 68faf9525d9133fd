package dev.jwin.cc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Make-style dependency files as clang writes them with -MD, and as gcc users expect them back. */
final class DepFile {
  private DepFile() {}

  /** The prerequisites of the (single) rule, in order, without duplicates. */
  static List<String> parse(String text) {
    Set<String> deps = new LinkedHashSet<>();
    StringBuilder cur = new StringBuilder();
    boolean afterColon = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char n = text.charAt(i + 1);
        if (n == '\n') { i++; flush(cur, deps, afterColon); continue; }
        if (n == '\r' && i + 2 < text.length() && text.charAt(i + 2) == '\n') { i += 2; flush(cur, deps, afterColon); continue; }
        if (n == ' ' || n == '#' || n == '\\') { cur.append(n); i++; continue; }
        cur.append(c);
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        cur.append('$');
        i++;
      } else if (!afterColon && c == ':' && (i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1)))) {
        cur.setLength(0);
        afterColon = true;
      } else if (Character.isWhitespace(c)) {
        flush(cur, deps, afterColon);
      } else {
        cur.append(c);
      }
    }
    flush(cur, deps, afterColon);
    return new ArrayList<>(deps);
  }

  private static void flush(StringBuilder cur, Set<String> deps, boolean afterColon) {
    if (afterColon && !cur.isEmpty()) deps.add(cur.toString());
    cur.setLength(0);
  }

  /** A dependency file for {@code targets} with -MP's phony rules for the headers when asked. */
  static String write(List<String> targets, List<String> deps, boolean phony) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < targets.size(); i++) b.append(i == 0 ? "" : " ").append(escape(targets.get(i)));
    b.append(':');
    for (String d : deps) b.append(" \\\n  ").append(escape(d));
    b.append('\n');
    if (phony)
      for (String d : deps.subList(Math.min(1, deps.size()), deps.size())) b.append('\n').append(escape(d)).append(":\n");
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#");
  }
}
