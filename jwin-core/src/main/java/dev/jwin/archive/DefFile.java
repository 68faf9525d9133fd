package dev.jwin.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parser for module-definition (.def) files as accepted by lib.exe, llvm-dlltool and GNU dlltool.
 *
 * <p>Keywords are case-insensitive. Bytes are decoded as ISO-8859-1 so that any name (UTF-8 or
 * not) reaches the output byte for byte; columns therefore count bytes.
 */
public final class DefFile {
  /** A syntax or semantic error at a position in a .def file. */
  public static final class ParseException extends Exception {
    private final String file;
    private final int line;
    private final int column;

    public ParseException(String file, int line, int column, String message) {
      super(message);
      this.file = file;
      this.line = line;
      this.column = column;
    }

    public String file() {
      return file;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }

    /** {@code FILE:LINE:COL: message}, the form the command-line tools print. */
    public String diagnostic() {
      return file + ":" + line + ":" + column + ": " + getMessage();
    }
  }

  private enum Kind { IDENTIFIER, EQUAL, EQUAL_EQUAL, COMMA, EOF }

  /**
   * A token; {@code quoted} identifiers are never keywords. {@code startsLine} is true for the
   * first token on its line.
   */
  private record Token(Kind kind, String text, boolean quoted, boolean startsLine, int line, int column) {
    boolean is(String keyword) {
      return kind == Kind.IDENTIFIER && !quoted && text.equalsIgnoreCase(keyword);
    }

    boolean isDirective() {
      return kind == Kind.IDENTIFIER && !quoted && DIRECTIVES.contains(text.toUpperCase(Locale.ROOT));
    }

    // Inside EXPORTS, a word that starts a line is a keyword only in capitals, so that exports
    // such as HeapSize or Data are not taken for HEAPSIZE or DATA.
    boolean isExportKeyword(String keyword) {
      return is(keyword) && (!startsLine || text.equals(keyword));
    }

    boolean isExportDirective() {
      return isDirective() && (!startsLine || text.equals(text.toUpperCase(Locale.ROOT)));
    }

    String show() {
      return kind == Kind.EOF ? "end of file" : "'" + text + "'";
    }
  }

  private static final List<String> DIRECTIVES =
      List.of("LIBRARY", "NAME", "EXPORTS", "HEAPSIZE", "STACKSIZE", "VERSION", "SECTIONS", "SEGMENTS");
  private static final List<String> SECTION_ATTRIBUTES = List.of("READ", "WRITE", "EXECUTE", "SHARED");

  private final String file;
  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;
  private Token pushedBack;
  private int lastTokenLine;

  private String name;
  private boolean isDll;
  private long imageBase;
  private final List<ModuleDefinition.Export> exports = new ArrayList<>();
  private long heapReserve;
  private long heapCommit;
  private long stackReserve;
  private long stackCommit;
  private int majorVersion;
  private int minorVersion;
  private final List<ModuleDefinition.Section> sections = new ArrayList<>();

  private DefFile(String file, String text) {
    this.file = file;
    this.text = text;
  }

  /** Parses a .def file from disk; {@code displayName} is used in error messages. */
  public static ModuleDefinition parse(Path path, String displayName) throws IOException, ParseException {
    return parse(displayName, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
  }

  /** Parses .def text; {@code file} is the name used in error messages. */
  public static ModuleDefinition parse(String file, String text) throws ParseException {
    DefFile parser = new DefFile(file, text);
    parser.parseAll();
    return new ModuleDefinition(parser.name, parser.isDll, parser.imageBase, parser.exports,
        parser.heapReserve, parser.heapCommit, parser.stackReserve, parser.stackCommit,
        parser.majorVersion, parser.minorVersion, parser.sections);
  }

  private void parseAll() throws ParseException {
    for (Token t = read(); t.kind != Kind.EOF; t = read()) {
      String word = t.kind == Kind.IDENTIFIER && !t.quoted ? t.text.toUpperCase(Locale.ROOT) : "";
      switch (word) {
        case "EXPORTS" -> parseExports();
        case "LIBRARY", "NAME" -> parseName(word.equals("LIBRARY"));
        case "HEAPSIZE" -> {
          long[] v = parseReserveCommit();
          heapReserve = v[0];
          heapCommit = v[1];
        }
        case "STACKSIZE" -> {
          long[] v = parseReserveCommit();
          stackReserve = v[0];
          stackCommit = v[1];
        }
        case "VERSION" -> parseVersion();
        case "SECTIONS", "SEGMENTS" -> parseSections();
        default -> throw error(t, "unknown directive: " + t.text);
      }
    }
    checkOrdinals();
  }

  // LIBRARY [name] [BASE=address]
  private void parseName(boolean library) throws ParseException {
    isDll = library;
    Token t = read();
    if (t.kind != Kind.IDENTIFIER || t.isDirective()) {
      unread(t);
      name = null;
      return;
    }
    name = t.text;
    Token base = read();
    if (!base.is("BASE")) {
      unread(base);
      return;
    }
    Token eq = read();
    if (eq.kind != Kind.EQUAL) {
      throw error(eq, "'=' expected after BASE, but got " + eq.show());
    }
    imageBase = readNumber("address");
  }

  // HEAPSIZE|STACKSIZE reserve[,commit]
  private long[] parseReserveCommit() throws ParseException {
    long reserve = readNumber("size");
    Token comma = read();
    if (comma.kind != Kind.COMMA) {
      unread(comma);
      return new long[] {reserve, 0};
    }
    return new long[] {reserve, readNumber("size")};
  }

  // VERSION major[.minor]
  private void parseVersion() throws ParseException {
    Token t = read();
    if (t.kind != Kind.IDENTIFIER) {
      throw error(t, "version expected, but got " + t.show());
    }
    int dot = t.text.indexOf('.');
    String major = dot < 0 ? t.text : t.text.substring(0, dot);
    String minor = dot < 0 ? "0" : t.text.substring(dot + 1);
    try {
      majorVersion = Integer.parseInt(major);
      minorVersion = Integer.parseInt(minor);
      if (majorVersion < 0 || majorVersion > 0xFFFF || minorVersion < 0 || minorVersion > 0xFFFF) {
        throw error(t, "version out of range (0..65535): " + t.text);
      }
    } catch (NumberFormatException e) {
      throw error(t, "integer expected, but got " + t.show());
    }
  }

  // SECTIONS followed by lines of: name [attribute...]
  private void parseSections() throws ParseException {
    for (Token t = read(); ; t = read()) {
      if (t.kind != Kind.IDENTIFIER || t.isDirective()) {
        unread(t);
        return;
      }
      List<String> attributes = new ArrayList<>();
      for (Token a = read(); ; a = read()) {
        if (a.kind == Kind.IDENTIFIER && !a.quoted && SECTION_ATTRIBUTES.contains(a.text.toUpperCase(Locale.ROOT))) {
          attributes.add(a.text.toUpperCase(Locale.ROOT));
        } else {
          unread(a);
          break;
        }
      }
      sections.add(new ModuleDefinition.Section(t.text, attributes));
    }
  }

  private void parseExports() throws ParseException {
    for (Token t = read(); ; t = read()) {
      if (t.kind != Kind.IDENTIFIER || t.isExportDirective()) {
        unread(t);
        return;
      }
      parseExport(t);
    }
  }

  // name[=internal] [@ordinal [NONAME]] [DATA] [CONSTANT] [PRIVATE] [==importName] [EXPORTAS name]
  private void parseExport(Token first) throws ParseException {
    String internal = null;
    Token t = read();
    if (t.kind == Kind.EQUAL) {
      Token target = read();
      if (target.kind != Kind.IDENTIFIER) {
        throw error(target, "identifier expected after '=', but got " + target.show());
      }
      internal = target.text;
    } else {
      unread(t);
    }
    int ordinal = 0;
    boolean noname = false;
    boolean data = false;
    boolean constant = false;
    boolean isPrivate = false;
    String importName = null;
    String exportAs = null;
    for (t = read(); ; t = read()) {
      if (t.kind == Kind.IDENTIFIER && !t.quoted && t.text.startsWith("@")) {
        Token number = t;
        String digits = t.text.substring(1);
        if (digits.isEmpty()) {
          number = read();
          digits = number.kind == Kind.IDENTIFIER ? number.text : "";
          if (!isDecimal(digits)) {
            throw error(number, "ordinal expected after '@', but got " + number.show());
          }
        } else if (!isDecimal(digits)) {
          unread(t); // "foo" then "@bar@4" on the next line: a fastcall export, not an ordinal
          break;
        }
        ordinal = parseOrdinal(number, digits);
        Token next = read();
        if (next.isExportKeyword("NONAME")) {
          noname = true;
        } else {
          unread(next);
        }
      } else if (t.isExportKeyword("NONAME")) {
        throw error(t, "NONAME requires an ordinal before it");
      } else if (t.isExportKeyword("DATA")) {
        data = true;
      } else if (t.isExportKeyword("CONSTANT")) {
        constant = true;
      } else if (t.isExportKeyword("PRIVATE")) {
        isPrivate = true;
      } else if (t.kind == Kind.EQUAL_EQUAL) {
        Token target = read();
        if (target.kind != Kind.IDENTIFIER) {
          throw error(target, "identifier expected after '==', but got " + target.show());
        }
        importName = target.text;
      } else if (t.isExportKeyword("EXPORTAS")) {
        Token target = read();
        if (target.kind != Kind.IDENTIFIER) {
          throw error(target, "identifier expected after EXPORTAS, but got " + target.show());
        }
        exportAs = target.text;
      } else {
        unread(t);
        break;
      }
    }
    exports.add(new ModuleDefinition.Export(first.text, internal, ordinal, noname, data, constant,
        isPrivate, importName, exportAs, first.line, first.column));
  }

  private int parseOrdinal(Token at, String digits) throws ParseException {
    long value = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (value < 1 || value > 0xFFFF) {
      throw error(at, "ordinal out of range (1..65535): " + digits);
    }
    return (int) value;
  }

  private void checkOrdinals() throws ParseException {
    Map<Integer, ModuleDefinition.Export> seen = new HashMap<>();
    for (ModuleDefinition.Export e : exports) {
      if (e.ordinal() == 0) {
        continue;
      }
      ModuleDefinition.Export previous = seen.putIfAbsent(e.ordinal(), e);
      if (previous != null) {
        throw new ParseException(file, e.line(), e.column(), "duplicate ordinal " + e.ordinal() + " for '"
            + e.name() + "' (already used by '" + previous.name() + "' at line " + previous.line() + ")");
      }
    }
  }

  // A decimal number, or hexadecimal with 0x, as lib.exe accepts for sizes and addresses.
  private long readNumber(String what) throws ParseException {
    Token t = read();
    String s = t.kind == Kind.IDENTIFIER ? t.text : "";
    try {
      if (s.startsWith("0x") || s.startsWith("0X")) {
        return Long.parseUnsignedLong(s.substring(2), 16);
      }
      if (isDecimal(s)) {
        return Long.parseUnsignedLong(s);
      }
    } catch (NumberFormatException e) {
      throw error(t, what + " out of range: " + s);
    }
    throw error(t, "integer expected for " + what + ", but got " + t.show());
  }

  private static boolean isDecimal(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private ParseException error(Token at, String message) {
    return new ParseException(file, at.line, at.column, message);
  }

  private void unread(Token t) {
    pushedBack = t;
  }

  private Token read() throws ParseException {
    if (pushedBack != null) {
      Token t = pushedBack;
      pushedBack = null;
      return t;
    }
    skipBlanksAndComments();
    int column = pos - lineStart + 1;
    boolean startsLine = line != lastTokenLine;
    lastTokenLine = line;
    if (pos >= text.length() || text.charAt(pos) == '\0') {
      return new Token(Kind.EOF, "", false, startsLine, line, column);
    }
    char c = text.charAt(pos);
    switch (c) {
      case '=' -> {
        boolean twice = pos + 1 < text.length() && text.charAt(pos + 1) == '=';
        pos += twice ? 2 : 1;
        return new Token(twice ? Kind.EQUAL_EQUAL : Kind.EQUAL, twice ? "==" : "=", false, startsLine, line, column);
      }
      case ',' -> {
        pos++;
        return new Token(Kind.COMMA, ",", false, startsLine, line, column);
      }
      case '"', '\'' -> {
        int end = text.indexOf(c, pos + 1);
        int newline = text.indexOf('\n', pos + 1);
        if (end < 0 || (newline >= 0 && newline < end)) {
          throw new ParseException(file, line, column, "unterminated quoted name");
        }
        String value = text.substring(pos + 1, end);
        pos = end + 1;
        return new Token(Kind.IDENTIFIER, value, true, startsLine, line, column);
      }
      default -> {
        int start = pos;
        while (pos < text.length() && "=,;\r\n \t\u000b\f\0".indexOf(text.charAt(pos)) < 0) {
          pos++;
        }
        return new Token(Kind.IDENTIFIER, text.substring(start, pos), false, startsLine, line, column);
      }
    }
  }

  private void skipBlanksAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\u000b' || c == '\f') {
        pos++;
      } else if (c == ';') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }
}
