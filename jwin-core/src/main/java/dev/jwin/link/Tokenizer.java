package dev.jwin.link;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits response files and {@code .drectve} strings into arguments, with the two quoting rules
 * lld-link knows: Windows (the default, as in the Microsoft C runtime) and POSIX ({@code --rsp-quoting=posix}).
 */
public final class Tokenizer {
  private Tokenizer() {}

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0b;
  }

  /**
   * Windows rules: blanks separate; {@code "} starts and ends a quoted part; inside one, {@code ""} is a
   * quote. Backslashes are literal unless they precede a quote: 2n of them then {@code "} give n and a
   * quote toggle, 2n+1 give n and a literal quote.
   */
  public static List<String> windows(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean have = false, quoted = false;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        int j = i;
        while (j < n && s.charAt(j) == '\\') j++;
        int count = j - i;
        if (j < n && s.charAt(j) == '"') {
          cur.append("\\".repeat(count / 2));
          if (count % 2 == 1) {
            cur.append('"');
            i = j;
          } else {
            i = j - 1; // the quote is handled next round
          }
        } else {
          cur.append("\\".repeat(count));
          i = j - 1;
        }
        have = true;
      } else if (c == '"') {
        if (quoted && i + 1 < n && s.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
        have = true;
      } else if (!quoted && blank(c)) {
        if (have) out.add(cur.toString());
        cur.setLength(0);
        have = false;
      } else {
        cur.append(c);
        have = true;
      }
    }
    if (have) out.add(cur.toString());
    return out;
  }

  /** POSIX shell rules: blanks separate, {@code '...'} is literal, {@code "..."} groups, backslash escapes. */
  public static List<String> posix(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean have = false;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < n) {
        cur.append(s.charAt(++i));
        have = true;
      } else if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        if (end < 0) end = n;
        cur.append(s, i + 1, end);
        i = end;
        have = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < n && s.charAt(j) != '"'; j++) {
          if (s.charAt(j) == '\\' && j + 1 < n) j++;
          cur.append(s.charAt(j));
        }
        i = j;
        have = true;
      } else if (blank(c)) {
        if (have) out.add(cur.toString());
        cur.setLength(0);
        have = false;
      } else {
        cur.append(c);
        have = true;
      }
    }
    if (have) out.add(cur.toString());
    return out;
  }
}
