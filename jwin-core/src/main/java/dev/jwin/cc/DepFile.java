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

  /**
   * A dependency file as clang writes it: the targets (already quoted, see {@link #quoteTarget}), then the
   * prerequisites, lines broken before column 75; with -MP a phony rule for each prerequisite but the source.
   */
  static String write(List<String> targets, List<String> deps, boolean phony) {
    StringBuilder b = new StringBuilder();
    int columns = 0;
    for (String t : targets) {
      int n = t.length();
      if (columns == 0) {
        columns = n;
      } else if (columns + n + 2 > 75) {
        columns = n + 2;
        b.append(" \\\n  ");
      } else {
        columns += n + 1;
        b.append(' ');
      }
      b.append(t);
    }
    b.append(':');
    columns++;
    for (String d : deps) {
      int n = d.length();
      if (columns + n + 1 + 2 > 75) {
        b.append(" \\\n ");
        columns = 2;
      }
      b.append(' ').append(escape(d));
      columns += n + 1;
    }
    b.append('\n');
    if (phony)
      for (String d : deps.subList(Math.min(1, deps.size()), deps.size()))
        b.append('\n').append(escape(d)).append(":\n");
    return b.toString();
  }

  /** A prerequisite as clang prints it: '#' and spaces (with the backslashes before them) escaped, '$' doubled. */
  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '#') {
        b.append('\\');
      } else if (c == ' ') {
        b.append('\\');
        for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) b.append('\\');
      } else if (c == '$') {
        b.append('$');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** A target named with -MQ, or the default one: quoted for make as the clang driver does. */
  static String quoteTarget(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) b.append('\\');
        b.append('\\');
      } else if (c == '$') {
        b.append('$');
      } else if (c == '#') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
