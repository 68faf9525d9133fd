package dev.jwin.rc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits preprocessed resource-script text into tokens. Lines from headers ({@code .h}, {@code .c}, as
 * named by the preprocessor's line markers) are skipped: only their macros count. Each token remembers
 * the file, line and column it came from, for diagnostics.
 */
final class RcLexer {
  enum Kind { INT, STRING, IDENT, BEGIN, END, COMMA, PLUS, MINUS, PIPE, AMP, TILDE, LPAREN, RPAREN }

  /** {@code codePage}: from the last {@code #pragma code_page}, or -1 for the command line's. */
  record Token(Kind kind, String text, String file, int line, int col, int codePage) {
    String where() { return file + ":" + line + ":" + col; }

    /** The value of an INT token (32 bits, unsigned). */
    long intValue() { return parseInt(text); }

    boolean isLong() { return kind == Kind.INT && Character.toUpperCase(text.charAt(text.length() - 1)) == 'L'; }

    boolean is(String word) { return kind == Kind.IDENT && text.equalsIgnoreCase(word); }
  }

  private RcLexer() {}

  static List<Token> tokenize(String text, String mainFile) {
    List<Token> out = new ArrayList<>();
    String file = mainFile;
    int line = 1;
    boolean outputting = true;
    int[] codePage = {-1};
    int pos = 0, n = text.length();
    if (text.startsWith("\u00EF\u00BB\u00BF")) pos = 3; // a UTF-8 byte order mark
    while (pos < n) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) eol = n;
      String l = text.substring(pos, eol);
      String t = l.stripLeading();
      if (t.startsWith("#")) {
        String d = t.substring(1);
        if (outputting && d.stripLeading().startsWith("pragma")) pragma(d.stripLeading().substring(6).strip(), file, line, codePage);
        if (d.startsWith("line")) d = d.substring(4);
        if (d.startsWith(" ")) {
          d = d.stripLeading();
          int sp = 0;
          while (sp < d.length() && Character.isDigit(d.charAt(sp))) sp++;
          String rest = d.substring(sp).stripLeading();
          if (sp > 0 && rest.startsWith("\"") && rest.lastIndexOf('"') > 0) {
            String f = rest.substring(1, rest.lastIndexOf('"'));
            String ext = f.substring(f.lastIndexOf('.') + 1);
            outputting = !(ext.equalsIgnoreCase("h") || ext.equalsIgnoreCase("c"));
            file = f.replace("\\\\", "\\");
            line = Integer.parseInt(d.substring(0, sp)) - 1;
          }
        }
      } else if (outputting) {
        lexLine(text, pos, eol, file, line, codePage[0], out);
      }
      line++;
      pos = eol + 1;
    }
    return out;
  }

  /** The files the preprocessor's line markers name (the script and every header it included). */
  static java.util.Set<String> markerFiles(String text) {
    java.util.Set<String> files = new java.util.LinkedHashSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^#(?:line)? \\d+ \"([^\"]+)\"").matcher(text);
    while (m.find()) {
      String f = m.group(1).replace("\\\\", "\\");
      if (!f.startsWith("<")) files.add(f);
    }
    return files;
  }

  /** Block comments may span lines: the lexer works on the whole text but starts at a line. */
  /** {@code #pragma code_page(N|DEFAULT)}: narrow strings after it are read in that code page, as rc.exe does. */
  private static void pragma(String p, String file, int line, int[] codePage) {
    if (!p.startsWith("code_page")) return;
    String v = p.substring(9).strip();
    if (!v.startsWith("(") || !v.endsWith(")"))
      throw new RcException(file + ":" + line + ":1", "expected #pragma code_page(NUMBER or DEFAULT)");
    v = v.substring(1, v.length() - 1).strip();
    if (v.equalsIgnoreCase("DEFAULT")) {
      codePage[0] = -1;
      return;
    }
    long cp = parseInt(v);
    if (cp != 1252 && cp != 65001 && cp != 0 && cp != 20127)
      throw new RcException(file + ":" + line + ":1", "unsupported code page " + v + " (1252, 65001 or DEFAULT)");
    codePage[0] = cp == 20127 ? 0 : (int) cp;
  }

  private static void lexLine(String s, int start, int end, String file, int line, int codePage, List<Token> out) {
    int p = start;
    while (p < end) {
      char c = s.charAt(p);
      int col = p - start + 1;
      if (Character.isWhitespace(c)) { p++; continue; }
      if (s.startsWith("//", p)) return;
      if (s.startsWith("/*", p)) {
        int close = s.indexOf("*/", p + 2);
        if (close < 0 || close > end) throw new RcException(file + ":" + line + ":" + col, "unterminated comment");
        p = close + 2;
        continue;
      }
      if (Character.isDigit(c)) {
        int q = p;
        while (q < end && Character.isLetterOrDigit(s.charAt(q))) q++;
        String text = s.substring(p, q);
        if (parseInt(text) < 0) throw new RcException(file + ":" + line + ":" + col, "integer invalid or too large: " + text);
        out.add(new Token(Kind.INT, text, file, line, col, codePage));
        p = q;
        continue;
      }
      if (c == '"' || ((c == 'L' || c == 'l') && p + 1 < end && s.charAt(p + 1) == '"')) {
        int q = p + (c == '"' ? 1 : 2);
        while (true) {
          if (q >= end) throw new RcException(file + ":" + line + ":" + col, "string literal not terminated in the line");
          if (s.charAt(q) == '"') {
            if (q + 1 < end && s.charAt(q + 1) == '"') { q += 2; continue; }
            q++;
            break;
          }
          q++;
        }
        out.add(new Token(Kind.STRING, s.substring(p, q), file, line, col, codePage));
        p = q;
        continue;
      }
      if (Character.isLetter(c) && c < 0x80 || c == '_' || c == '.') {
        int q = p + 1;
        while (q < end) {
          char d = s.charAt(q);
          if (d < 0x80 && (Character.isLetterOrDigit(d) || d == '_' || d == '.' || d == '/' || d == '\\' || d == '-')) q++;
          else break;
        }
        String text = s.substring(p, q);
        Kind k = text.equalsIgnoreCase("BEGIN") ? Kind.BEGIN : text.equalsIgnoreCase("END") ? Kind.END : Kind.IDENT;
        out.add(new Token(k, text, file, line, col, codePage));
        p = q;
        continue;
      }
      Kind k = switch (c) {
        case '{' -> Kind.BEGIN;
        case '}' -> Kind.END;
        case ',' -> Kind.COMMA;
        case '+' -> Kind.PLUS;
        case '-' -> Kind.MINUS;
        case '|' -> Kind.PIPE;
        case '&' -> Kind.AMP;
        case '~' -> Kind.TILDE;
        case '(' -> Kind.LPAREN;
        case ')' -> Kind.RPAREN;
        default -> throw new RcException(file + ":" + line + ":" + col, "invalid character '" + c + "'");
      };
      out.add(new Token(k, String.valueOf(c), file, line, col, codePage));
      p++;
    }
  }

  /** A C integer (decimal, 0x hex, 0 octal) with an optional L suffix; -1 if invalid or over 32 bits. */
  static long parseInt(String text) {
    String t = text;
    if (!t.isEmpty() && Character.toUpperCase(t.charAt(t.length() - 1)) == 'L') t = t.substring(0, t.length() - 1);
    int radix = 10;
    if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"))) { radix = 16; t = t.substring(2); }
    else if (t.length() > 2 && (t.startsWith("0b") || t.startsWith("0B"))) { radix = 2; t = t.substring(2); }
    else if (t.length() > 2 && (t.startsWith("0o") || t.startsWith("0O"))) { radix = 8; t = t.substring(2); }
    else if (t.length() > 1 && t.startsWith("0")) { radix = 8; t = t.substring(1); }
    if (t.isEmpty()) return -1;
    try {
      long v = Long.parseLong(t, radix);
      return v > 0xffffffffL ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
