package dev.jwin.rc;

import dev.jwin.coff.Bytes;
import dev.jwin.rc.RcLexer.Kind;
import dev.jwin.rc.RcLexer.Token;
import dev.jwin.res.ResFile.Id;
import dev.jwin.res.ResFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a preprocessed resource script into {@code .res} entries, statement by statement as
 * llvm-rc does (same defaults, same byte layout): string tables are gathered into bundles of 16 and
 * written after every other resource.
 */
public final class RcCompiler {
  /** {@code language}: the initial LANGUAGE ({@code /l}); {@code codePage}: 0 (ASCII only), 1252 or 65001. */
  public record Options(int language, int codePage, boolean appendNull, Path inputFile, List<Path> includes) {}

  static final int MOVEABLE = 0x10, PURE = 0x20, PRELOAD = 0x40, DISCARDABLE = 0x1000;

  private final List<Token> tokens;
  private int pos;
  private final Options options;
  private final List<ResFile.Entry> out = new ArrayList<>();
  private State state = new State();
  private int iconCursorId = 1;
  private final Map<Long, Bundle> bundles = new LinkedHashMap<>();

  /** The statements in force: LANGUAGE, CHARACTERISTICS, VERSION, and for dialogs their own. */
  private static final class State implements Cloneable {
    int language;
    long characteristics, version;
    Long style, exStyle;
    String caption = "";
    Object dialogClass = "";
    Font font;

    State copy() {
      try {
        return (State) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private record Font(long size, String name, long weight, boolean italic, long charset) {}

  private static final class Bundle {
    final State decl;
    final int memoryFlags;
    final List<List<Token>> strings = new ArrayList<>();

    Bundle(State decl, int memoryFlags) {
      this.decl = decl;
      this.memoryFlags = memoryFlags;
      for (int i = 0; i < 16; i++) strings.add(null);
    }
  }

  /** An integer expression's value with its width and the bits NOT removes from a default style. */
  private record Num(long value, boolean isLong, long notMask) {
    Num { value &= 0xffffffffL; }
  }

  private RcCompiler(List<Token> tokens, Options options) {
    this.tokens = tokens;
    this.options = options;
    state.language = options.language();
  }

  /** Compiles preprocessed text (with line markers) read from {@code mainFile}, one char per byte (ISO-8859-1). */
  public static List<ResFile.Entry> compile(String text, String mainFile, Options options) {
    return compile(text, mainFile, options, new java.util.LinkedHashSet<>());
  }

  /** As {@link #compile(String, String, Options)}, adding every file the script read (headers, icons...) to {@code read}. */
  public static List<ResFile.Entry> compile(String text, String mainFile, Options options, java.util.Set<Path> read) {
    RcCompiler c = new RcCompiler(RcLexer.tokenize(text, mainFile), options);
    c.read = read;
    for (String f : RcLexer.markerFiles(text)) read.add(Path.of(f));
    while (c.pos < c.tokens.size()) c.resource();
    c.writeStringTables();
    return c.out;
  }

  private java.util.Set<Path> read = new java.util.LinkedHashSet<>();

  // ---- tokens ----

  private boolean eof() { return pos >= tokens.size(); }

  private boolean next(Kind k) { return !eof() && tokens.get(pos).kind() == k; }

  private Token look() { return tokens.get(pos); }

  private Token read() { return tokens.get(pos++); }

  /** The next token, or at the end the last one: where a diagnostic points. */
  private Token here() { return eof() ? (tokens.isEmpty() ? null : tokens.getLast()) : look(); }

  private boolean optional(Kind k) {
    if (!next(k)) return false;
    pos++;
    return true;
  }

  private RcException expected(String what, boolean alreadyRead) {
    int at = alreadyRead ? pos - 1 : pos;
    if (at >= tokens.size()) {
      Token last = tokens.isEmpty() ? null : tokens.getLast();
      return new RcException(last == null ? options.inputFile().toString() : last.where(), "expected " + what + ", got <EOF>");
    }
    Token t = tokens.get(at);
    return new RcException(t.where(), "expected " + what + ", got " + t.text());
  }

  private RcException error(Token at, String message) {
    return new RcException(at == null ? options.inputFile().toString() : at.where(), message);
  }

  private void consume(Kind k, String what) {
    if (!optional(k)) throw expected(what, false);
  }

  private Token typeOrName() {
    if (!next(Kind.IDENT) && !next(Kind.INT)) throw expected("int or identifier", false);
    return read();
  }

  private Token string() {
    if (!next(Kind.STRING)) throw expected("string", false);
    return read();
  }

  private Token identifier() {
    if (!next(Kind.IDENT)) throw expected("identifier", false);
    return read();
  }

  private Token intOrString() {
    if (!next(Kind.INT) && !next(Kind.STRING)) throw expected("int or string", false);
    return read();
  }

  private Token filename() {
    if (!next(Kind.STRING) && !next(Kind.IDENT)) throw expected("string", false);
    return read();
  }

  // ---- integer expressions: unary - ~ NOT bind tightest, then + - | & left to right ----

  private Num expr() {
    Num r = unary();
    while (next(Kind.PLUS) || next(Kind.MINUS) || next(Kind.PIPE) || next(Kind.AMP)) {
      Kind op = read().kind();
      Num b = unary();
      long v = r.value() & ~b.notMask();
      v = switch (op) {
        case PLUS -> v + b.value();
        case MINUS -> v - b.value();
        case PIPE -> v | b.value();
        default -> v & b.value();
      };
      r = new Num(v, r.isLong() || b.isLong(), r.notMask() | b.notMask());
    }
    return r;
  }

  private Num unary() {
    String what = "'-', '~', integer or '('";
    if (eof()) throw expected(what, false);
    Token t = look();
    switch (t.kind()) {
      case MINUS -> {
        pos++;
        Num r = unary();
        return new Num(-r.value(), r.isLong(), r.notMask());
      }
      case TILDE -> {
        pos++;
        Num r = unary();
        return new Num(~r.value(), r.isLong(), r.notMask());
      }
      case INT -> {
        pos++;
        return new Num(t.intValue(), t.isLong(), 0);
      }
      case LPAREN -> {
        pos++;
        Num r = expr();
        consume(Kind.RPAREN, "')'");
        return r;
      }
      case IDENT -> {
        pos++;
        if (!t.text().equalsIgnoreCase("not")) throw expected(what, true);
        Num r = unary();
        return new Num(0, false, r.value());
      }
      default -> throw expected(what, false);
    }
  }

  private Num integer() { return expr(); }

  private List<Num> ints(int min, int max) {
    List<Num> r = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      if (i >= 1 && !optional(Kind.COMMA)) {
        if (r.size() < min) throw expected("','", false);
        return r;
      }
      try {
        r.add(integer());
      } catch (RcException e) {
        if (r.size() < min) throw e;
        return r;
      }
    }
    return r;
  }

  private int memoryFlags(int flags) {
    while (next(Kind.IDENT)) {
      String w = look().text().toUpperCase(Locale.ROOT);
      switch (w) {
        case "PRELOAD" -> flags |= PRELOAD;
        case "LOADONCALL" -> flags &= ~PRELOAD;
        case "FIXED" -> flags &= ~(MOVEABLE | DISCARDABLE);
        case "MOVEABLE" -> flags |= MOVEABLE;
        case "DISCARDABLE" -> flags |= DISCARDABLE | MOVEABLE | PURE;
        case "PURE", "SHARED" -> flags |= PURE;
        case "IMPURE", "NONSHARED" -> flags &= ~(PURE | DISCARDABLE);
        default -> { return flags; }
      }
      pos++;
    }
    return flags;
  }

  // ---- resources ----

  private void resource() {
    Token name = typeOrName();
    if (name.is("LANGUAGE")) {
      state.language = language();
      return;
    }
    if (name.is("STRINGTABLE")) {
      stringTable();
      return;
    }
    Token type = typeOrName();
    String kind = type.kind() == Kind.IDENT ? type.text().toUpperCase(Locale.ROOT) : "";
    switch (kind) {
      case "ACCELERATORS" -> accelerators(name);
      case "BITMAP" -> bitmap(name);
      case "CURSOR" -> iconOrCursor(name, false, memoryFlags(DISCARDABLE | MOVEABLE));
      case "ICON" -> iconOrCursor(name, true, memoryFlags(DISCARDABLE | MOVEABLE));
      case "DIALOG" -> dialog(name, false);
      case "DIALOGEX" -> dialog(name, true);
      case "HTML" -> {
        int flags = memoryFlags(MOVEABLE | PURE);
        Token f = filename();
        emit(Id.of(23), name, flags, state, load(f));
      }
      case "MENU" -> menu(name);
      case "MENUEX" -> menuEx(name);
      case "RCDATA" -> userDefined(Id.of(10), name, type);
      // llvm-rc-14 writes a type named "MESSAGETABLE"; rc.exe (and FormatMessage) use RT_MESSAGETABLE.
      case "MESSAGETABLE" -> userDefined(Id.of(11), name, type);
      case "VERSIONINFO" -> versionInfo(name);
      default -> userDefined(id(type, "Resource type"), name, type);
    }
  }

  private int language() {
    Token at = here();
    List<Num> v = ints(2, 2);
    long lang = v.get(0).value(), sub = v.get(1).value();
    if (lang >> 10 != 0) throw error(at, "Primary language ID (" + lang + ") does not fit in 10 bits.");
    if (sub >> 6 != 0) throw error(at, "Sublanguage ID (" + sub + ") does not fit in 6 bits.");
    return (int) (lang | (sub << 10));
  }

  /** A name or type token as written to the .res: an ordinal, or an identifier in upper case. */
  private Id id(Token t, String what) {
    if (t.kind() == Kind.INT) {
      long v = t.intValue();
      if (v >> 16 != 0) throw error(t, what + " (" + v + ") does not fit in 16 bits.");
      return Id.of((int) v);
    }
    return Id.of(t.text().toUpperCase(Locale.ROOT));
  }

  private void emit(Id type, Token name, int flags, State s, byte[] data) {
    emit(type, id(name, "Resource ID"), flags, s, data);
  }

  private void emit(Id type, Id name, int flags, State s, byte[] data) {
    out.add(new ResFile.Entry(type, name, s.language, 0, flags, s.version, s.characteristics, Bytes.of(data)));
  }

  /** Optional statements before a resource's block; applied to a copy of the state. */
  private State optionalStatements(boolean dialog, boolean dialogEx) {
    State s = state.copy();
    while (!next(Kind.BEGIN)) {
      Token t = identifier();
      String w = t.text().toUpperCase(Locale.ROOT);
      switch (w) {
        case "CHARACTERISTICS" -> s.characteristics = integer().value();
        case "LANGUAGE" -> s.language = language();
        case "VERSION" -> s.version = integer().value();
        default -> {
          if (!dialog) throw expected("optional statement type, BEGIN or '{'", true);
          switch (w) {
            case "CAPTION" -> s.caption = string().text();
            case "CLASS" -> {
              Token c = intOrString();
              s.dialogClass = c.kind() == Kind.INT ? (Object) c.intValue() : c.text();
            }
            case "EXSTYLE" -> s.exStyle = integer().value();
            case "STYLE" -> s.style = integer().value();
            case "FONT" -> {
              long size = integer().value();
              consume(Kind.COMMA, "','");
              String face = string().text();
              long weight = 0, charset = 1;
              boolean italic = false;
              if (dialogEx && optional(Kind.COMMA)) {
                List<Num> a = ints(0, 3);
                if (a.size() >= 1) weight = a.get(0).value();
                if (a.size() >= 2) italic = a.get(1).value() != 0;
                if (a.size() >= 3) charset = a.get(2).value();
              }
              s.font = new Font(size, face, weight, italic, charset);
            }
            default -> throw expected("optional statement type, BEGIN or '{'", true);
          }
        }
      }
    }
    return s;
  }

  private void userDefined(Id type, Token name, Token typeToken) {
    int flags = memoryFlags(MOVEABLE | PURE);
    if (eof()) throw expected("filename, '{' or BEGIN", false);
    if (next(Kind.STRING) || next(Kind.IDENT)) {
      emit(type, name, flags, state, load(read()));
      return;
    }
    consume(Kind.BEGIN, "BEGIN");
    Body b = new Body();
    while (!optional(Kind.END)) {
      Token item = intOrString();
      if (item.kind() == Kind.INT) {
        b.rcInt(item, item.intValue(), item.isLong(), "Number in user-defined resource");
      } else {
        Str s = process(item, Nulls.USER);
        for (char c : s.chars) {
          if (s.wide) b.u16(c);
          else if (c > 0xff) throw error(item, "Character in narrow string in user-defined resource (" + (int) c + ") does not fit in 8 bits.");
          else b.u8(c);
        }
      }
      while (optional(Kind.COMMA)) {}
    }
    emit(type, name, flags, state, b.bytes());
  }

  private void bitmap(Token name) {
    int flags = memoryFlags(MOVEABLE | PURE);
    Token f = filename();
    byte[] d = load(f);
    if (d.length < 14 || d[0] != 'B' || d[1] != 'M') throw error(f, "incorrect bitmap file " + unquote(f.text()));
    emit(Id.of(2), name, flags, state, java.util.Arrays.copyOfRange(d, 14, d.length));
  }

  /** ICON/CURSOR: one resource per image of the .ico/.cur file, then the group directory naming them. */
  private void iconOrCursor(Token name, boolean icon, int flags) {
    Token f = filename();
    byte[] d = load(f);
    String file = unquote(f.text());
    Bytes s = Bytes.of(d);
    if (d.length < 6) throw error(f, file + ": not an " + (icon ? "icon" : "cursor") + " file (too short)");
    int reserved = dev.jwin.coff.Le.u16(s, 0), type = dev.jwin.coff.Le.u16(s, 2), count = dev.jwin.coff.Le.u16(s, 4);
    if (reserved != 0) throw error(f, file + ": incorrect icon/cursor Reserved field; should be 0");
    if (type != (icon ? 1 : 2)) throw error(f, file + ": incorrect icon/cursor ResType field; should be " + (icon ? 1 : 2));
    if (6L + 16L * count > d.length) throw error(f, file + ": icon/cursor directory extends past the end of the file");
    byte[][] entries = new byte[count][];
    for (int i = 0; i < count; i++) {
      long e = 6 + 16L * i;
      long size = dev.jwin.coff.Le.u32(s, e + 8), off = dev.jwin.coff.Le.u32(s, e + 12);
      if (off + size > d.length || size < 0) throw error(f, file + ": image " + (i + 1) + " extends past the end of the file");
      Body img = new Body();
      if (!icon) {
        img.u16(dev.jwin.coff.Le.u16(s, e + 4));
        img.u16(dev.jwin.coff.Le.u16(s, e + 6));
      }
      img.raw(d, (int) off, (int) size);
      emit(Id.of(icon ? 3 : 1), Id.of(iconCursorId + i), flags, state, img.bytes());
      Body h = new Body();
      if (icon) h.raw(d, (int) e, 4);
      else {
        h.u16(d[(int) e] & 0xff);
        h.u16(((d[(int) e + 1] & 0xff) * 2) & 0xffff);
      }
      int planes, bits;
      if (size >= 40 && dev.jwin.coff.Le.u32(s, off) == 40) {
        planes = dev.jwin.coff.Le.u16(s, off + 12);
        bits = dev.jwin.coff.Le.u16(s, off + 14);
      } else if (size >= 16) {
        planes = 1; // PNG images are 32 bits per pixel
        bits = 32;
      } else {
        throw error(f, file + ": image " + (i + 1) + " is too short for a bitmap header");
      }
      h.u16(planes);
      h.u16(bits);
      h.u32(size + (icon ? 0 : 4));
      entries[i] = h.bytes();
    }
    Body g = new Body();
    g.raw(d, 0, 6);
    for (byte[] e : entries) {
      g.raw(e, 0, e.length);
      g.u16(iconCursorId++);
    }
    int groupFlags = MOVEABLE | PURE | DISCARDABLE;
    if ((flags & PRELOAD) != 0) groupFlags = (groupFlags | PRELOAD) & ~PURE;
    emit(Id.of(icon ? 14 : 12), name, groupFlags, state, g.bytes());
  }

  private void accelerators(Token name) {
    int flags = memoryFlags(MOVEABLE | PURE);
    State s = optionalStatements(false, false);
    consume(Kind.BEGIN, "BEGIN");
    record Acc(Token event, Num id, int flags) {}
    List<Acc> list = new ArrayList<>();
    String[] names = {"ASCII", "VIRTKEY", "NOINVERT", "ALT", "SHIFT", "CONTROL"};
    int[] values = {0x10000, 1, 2, 0x10, 4, 8};
    while (!optional(Kind.END)) {
      Token event = intOrString();
      consume(Kind.COMMA, "','");
      Num id = integer();
      list.add(new Acc(event, id, flagList(names, values)));
    }
    Body b = new Body();
    for (int i = 0; i < list.size(); i++) {
      Acc a = list.get(i);
      boolean ascii = (a.flags & 0x10000) != 0, virt = (a.flags & 1) != 0;
      int f = a.flags & 0xffff;
      if (i == list.size() - 1) f |= 0x80;
      long id = a.id.value();
      String prefix = "Accelerator ID " + id + ": ";
      if (id >> 16 != 0) throw error(a.event, "ACCELERATORS entry ID (" + id + ") does not fit in 16 bits.");
      if (ascii && virt) throw error(a.event, prefix + "Accelerator can't be both ASCII and VIRTKEY");
      if (!virt && (a.flags & (0x10 | 4 | 8)) != 0) throw error(a.event, prefix + "Can only apply ALT, SHIFT or CONTROL to VIRTKEY accelerators");
      int code;
      if (a.event.kind() == Kind.INT) {
        if (!ascii && !virt) throw error(a.event, prefix + "Accelerator with a numeric event must be either ASCII or VIRTKEY");
        long v = a.event.intValue();
        if (v >> 16 != 0) throw error(a.event, "Numeric event key ID (" + v + ") does not fit in 16 bits.");
        code = (int) v;
      } else {
        String str = unquote(a.event.text());
        if (str.isEmpty() || str.length() > 2) throw error(a.event, prefix + "Accelerator string events should have length 1 or 2");
        if (str.charAt(0) == '^') {
          if (str.length() == 1) throw error(a.event, prefix + "No character following '^' in accelerator event");
          if (virt) throw error(a.event, prefix + "VIRTKEY accelerator events can't be preceded by '^'");
          char ch = str.charAt(1);
          if (ch >= 'a' && ch <= 'z') code = ch - 'a' + 1;
          else if (ch >= 'A' && ch <= 'Z') code = ch - 'A' + 1;
          else throw error(a.event, prefix + "Control character accelerator event should be alphabetic");
        } else {
          if (str.length() == 2) throw error(a.event, prefix + "Event string should be one-character, possibly preceded by '^'");
          char ch = str.charAt(0);
          if (virt && !(ch < 0x80 && Character.isLetterOrDigit(ch))) throw error(a.event, prefix + "Non-alphanumeric characters cannot describe virtual keys");
          if (ch > 0x7f) throw error(a.event, prefix + "Non-ASCII description of accelerator");
          code = virt ? Character.toUpperCase(ch) : ch;
        }
      }
      b.u16(f);
      b.u16(code);
      b.u16((int) id);
      b.u16(0);
    }
    emit(Id.of(9), name, flags, s, b.bytes());
  }

  private int flagList(String[] names, int[] values) {
    int r = 0;
    while (optional(Kind.COMMA)) {
      Token t = identifier();
      boolean found = false;
      for (int i = 0; i < names.length; i++) {
        if (t.text().equalsIgnoreCase(names[i])) {
          r |= values[i];
          found = true;
          break;
        }
      }
      if (!found) throw expected(String.join("/", names), true);
    }
    return r;
  }

  private void menu(Token name) {
    int flags = memoryFlags(MOVEABLE | PURE | DISCARDABLE);
    State s = optionalStatements(false, false);
    Body b = new Body();
    b.u32(0);
    menuItems(b);
    emit(Id.of(4), name, flags, s, b.bytes());
  }

  private static final String[] MENU_FLAGS = {"CHECKED", "GRAYED", "HELP", "INACTIVE", "MENUBARBREAK", "MENUBREAK"};
  private static final int[] MENU_VALUES = {0x8, 0x1, 0x4000, 0x2, 0x20, 0x40};

  /** Writes a menu item list; each item is parsed and written before the next, the last one flagged. */
  private void menuItems(Body b) {
    consume(Kind.BEGIN, "BEGIN");
    record Item(int kind, Token caption, Num id, int flags, Body sub) {}
    List<Item> items = new ArrayList<>();
    while (!optional(Kind.END)) {
      Token t = identifier();
      boolean item = t.is("MENUITEM"), popup = t.is("POPUP");
      if (!item && !popup) throw expected("MENUITEM, POPUP, END or '}'", true);
      if (item && next(Kind.IDENT)) {
        Token sep = identifier();
        if (!sep.is("SEPARATOR")) throw expected("SEPARATOR or string", true);
        items.add(new Item(0, null, null, 0, null));
        continue;
      }
      Token caption = string();
      Num id = new Num(0xffffffffL, false, 0);
      if (item) {
        consume(Kind.COMMA, "','");
        id = integer();
      }
      int f = flagList(MENU_FLAGS, MENU_VALUES);
      if (popup) {
        Body sub = new Body();
        menuItems(sub);
        items.add(new Item(2, caption, null, f | 0x10, sub));
      } else {
        items.add(new Item(1, caption, id, f, null));
      }
    }
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      int f = it.flags | (i == items.size() - 1 ? 0x80 : 0);
      b.u16(f);
      switch (it.kind) {
        case 0 -> b.u32(0);
        case 1 -> {
          long id = it.id.value();
          if (id != 0xffffffffL && id >> 16 != 0) throw error(it.caption, "MENUITEM action ID (" + id + ") does not fit in 16 bits.");
          b.u16((int) id);
          b.cString(process(it.caption, Nulls.CUT));
        }
        default -> {
          b.cString(process(it.caption, Nulls.CUT));
          byte[] sub = it.sub.bytes();
          b.raw(sub, 0, sub.length);
        }
      }
    }
  }

  /**
   * MENUEX (rc.exe's extended menu, which llvm-rc-14 lacks): a version 1 header, then items with 32-bit type,
   * state and ID, flags 0x80 (last) and 0x01 (popup), the text, and a help ID before a popup's items; items and help
   * IDs start on 4-byte boundaries. The bytes are those of GNU windres.
   */
  private void menuEx(Token name) {
    int flags = memoryFlags(MOVEABLE | PURE | DISCARDABLE);
    State s = optionalStatements(false, false);
    Body b = new Body();
    b.u16(1);
    b.u16(4);
    b.u32(0);
    menuExItems(b);
    emit(Id.of(4), name, flags, s, b.bytes());
  }

  private void menuExItems(Body b) {
    consume(Kind.BEGIN, "BEGIN");
    record Item(Token caption, long[] fields, Body sub) {}
    List<Item> items = new ArrayList<>();
    while (!optional(Kind.END)) {
      Token t = identifier();
      boolean popup = t.is("POPUP");
      if (!popup && !t.is("MENUITEM")) throw expected("MENUITEM, POPUP, END or '}'", true);
      long[] f = new long[4]; // id, type, state, help id
      Token caption;
      if (!popup && next(Kind.IDENT)) {
        Token sep = identifier();
        if (!sep.is("SEPARATOR")) throw expected("SEPARATOR or string", true);
        caption = null; // type 0 with no text, as GNU windres writes it
      } else {
        caption = string();
        for (int i = 0; i < (popup ? 4 : 3) && optional(Kind.COMMA); i++) {
          if (next(Kind.COMMA)) continue; // an omitted field keeps 0
          f[i] = integer().value();
        }
      }
      Body sub = null;
      if (popup) {
        sub = new Body();
        menuExItems(sub);
      }
      items.add(new Item(caption, f, sub));
    }
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      b.pad4(); // each item starts on a 4-byte boundary; the last one ends unpadded
      b.u32(it.fields[1]);
      b.u32(it.fields[2]);
      b.u32(it.fields[0]);
      b.u16((it.sub != null ? 0x01 : 0) | (i == items.size() - 1 ? 0x80 : 0));
      if (it.caption != null) b.cString(process(it.caption, Nulls.CUT));
      else b.u16(0);
      if (it.sub != null) {
        b.pad4();
        b.u32(it.fields[3]);
        byte[] sub = it.sub.bytes();
        b.raw(sub, 0, sub.length);
      }
    }
  }

  private record Ctl(String type, int defaultStyle, int cls, boolean hasTitle) {}

  private static final Map<String, Ctl> CONTROLS = new LinkedHashMap<>();

  static {
    Object[][] t = {
      {"LTEXT", 0x50020000, 0x82, true}, {"CTEXT", 0x50020001, 0x82, true}, {"RTEXT", 0x50020002, 0x82, true},
      {"ICON", 0x50000003, 0x82, true}, {"PUSHBUTTON", 0x50010000, 0x80, true}, {"DEFPUSHBUTTON", 0x50010001, 0x80, true},
      {"AUTO3STATE", 0x50010006, 0x80, true}, {"AUTOCHECKBOX", 0x50010003, 0x80, true},
      {"AUTORADIOBUTTON", 0x50000009, 0x80, true}, {"CHECKBOX", 0x50010002, 0x80, true},
      {"GROUPBOX", 0x50000007, 0x80, true}, {"RADIOBUTTON", 0x50000004, 0x80, true}, {"STATE3", 0x50010005, 0x80, true},
      {"PUSHBOX", 0x5001000A, 0x80, true}, {"EDITTEXT", 0x50810000, 0x81, false}, {"COMBOBOX", 0x50000000, 0x85, false},
      {"LISTBOX", 0x50800001, 0x83, false}, {"SCROLLBAR", 0x50000000, 0x84, false}, {"CONTROL", 0x50000000, 0, true}};
    for (Object[] r : t) CONTROLS.put((String) r[0], new Ctl((String) r[0], (Integer) r[1], (Integer) r[2], (Boolean) r[3]));
  }

  private void dialog(Token name, boolean ex) {
    int flags = memoryFlags(MOVEABLE | PURE | DISCARDABLE);
    Token at = here();
    List<Num> loc = ints(4, 4);
    long helpId = 0;
    if (ex && optional(Kind.COMMA)) helpId = integer().value();
    State s = optionalStatements(true, ex);
    consume(Kind.BEGIN, "BEGIN");
    Body b = new Body();
    long style = s.style != null ? s.style : 0x80880000L;
    if (s.font != null) style |= 0x40;
    else style &= ~0x40L;
    if (!s.caption.isEmpty()) style |= 0x00C00000L;
    long exStyle = s.exStyle != null ? s.exStyle : 0;
    if (!ex) {
      if ((style >>> 16) == 0xffff) throw error(at, "16 higher bits of DIALOG resource style cannot be equal to 0xFFFF");
      b.u32(style);
      b.u32(exStyle);
    } else {
      b.u16(1);
      b.u16(0xffff);
      b.u32(helpId);
      b.u32(exStyle);
      b.u32(style);
    }
    int countAt = b.size();
    b.u16(0);
    checkSigned(at, loc.get(0).value(), "Dialog x-coordinate", true);
    checkSigned(at, loc.get(1).value(), "Dialog y-coordinate", true);
    checkSigned(at, loc.get(2).value(), "Dialog width", false);
    checkSigned(at, loc.get(3).value(), "Dialog height", false);
    for (Num n : loc) b.u16((int) n.value());
    b.u16(0); // no menu
    intOrString(b, s.dialogClass);
    b.cString(processRaw(s.caption, Nulls.CUT, at));
    if (s.font != null) {
      b.u16((int) s.font.size());
      if (ex) {
        b.u16((int) s.font.weight());
        b.u8(s.font.italic() ? 1 : 0);
        b.u8((int) s.font.charset());
      }
      b.cString(processRaw(s.font.name(), Nulls.CUT, at));
    }
    int count = 0;
    while (!optional(Kind.END)) {
      control(b, ex);
      count++;
    }
    b.put16(countAt, count);
    emit(Id.of(5), name, flags, s, b.bytes());
  }

  private void control(Body b, boolean ex) {
    Token type = identifier();
    Ctl info = CONTROLS.get(type.text().toUpperCase(Locale.ROOT));
    if (info == null) throw expected("control type, END or '}'", true);
    Object caption = "";
    if (info.hasTitle()) {
      Token c = intOrString();
      consume(Kind.COMMA, "','");
      caption = c.kind() == Kind.INT ? (Object) c.intValue() : c.text();
    }
    long id = integer().value();
    consume(Kind.COMMA, "','");
    Object cls;
    Num style = null;
    boolean control = info.type().equals("CONTROL");
    if (control) {
      cls = string().text();
      consume(Kind.COMMA, "','");
      style = expr();
      consume(Kind.COMMA, "','");
    } else {
      cls = (long) info.cls();
    }
    List<Num> box = ints(4, 4);
    if (!control && optional(Kind.COMMA)) style = expr();
    Long exStyle = null, helpId = null;
    if (optional(Kind.COMMA)) exStyle = integer().value();
    if (optional(Kind.COMMA)) helpId = integer().value();

    b.pad4();
    long st = info.defaultStyle() & 0xffffffffL;
    if (style != null) st = (st & ~style.notMask()) | style.value();
    st &= 0xffffffffL;
    long exs = exStyle == null ? 0 : exStyle;
    if (!ex) {
      b.u32(st);
      b.u32(exs);
    } else {
      b.u32(helpId == null ? 0 : helpId);
      b.u32(exs);
      b.u32(st);
    }
    checkSigned(type, box.get(0).value(), "Dialog control x-coordinate", true);
    checkSigned(type, box.get(1).value(), "Dialog control y-coordinate", true);
    checkSigned(type, box.get(2).value(), "Dialog control width", false);
    checkSigned(type, box.get(3).value(), "Dialog control height", false);
    for (Num n : box) b.u16((int) n.value());
    if (!ex) {
      if (id != 0xffffffffL && id >> 16 != 0) throw error(type, "Control ID in simple DIALOG resource (" + id + ") does not fit in 16 bits.");
      b.u16((int) id);
    } else {
      b.u32(id);
    }
    intOrString(b, cls);
    if (caption instanceof Long l && l >> 16 != 0) throw error(type, "Control reference ID (" + l + ") does not fit in 16 bits.");
    intOrString(b, caption);
    b.u16(0);
  }

  private void checkSigned(Token at, long v, String what, boolean canBeNegative) {
    int signed = (int) v;
    if (signed < Short.MIN_VALUE || signed > Short.MAX_VALUE)
      throw error(at, what + " (" + signed + ") does not fit in 16-bit signed integer type.");
    if (!canBeNegative && signed < 0) throw error(at, what + " (" + signed + ") cannot be negative.");
  }

  private void intOrString(Body b, Object v) {
    if (v instanceof Long l) {
      b.u16(0xffff);
      b.u16((int) (long) l);
    } else {
      b.cString(processRaw((String) v, Nulls.CUT, null));
    }
  }

  private void stringTable() {
    int flags = memoryFlags(MOVEABLE | PURE | DISCARDABLE);
    State s = optionalStatements(false, false);
    consume(Kind.BEGIN, "BEGIN");
    while (!optional(Kind.END)) {
      Token at = here();
      long id = integer().value();
      optional(Kind.COMMA);
      List<Token> strings = new ArrayList<>();
      strings.add(string());
      while (next(Kind.STRING)) strings.add(read());
      if (id >> 16 != 0) throw error(at, "String ID (" + id + ") does not fit in 16 bits.");
      long key = ((id >> 4) << 32) | (s.language & 0xffffffffL);
      Bundle bundle = bundles.computeIfAbsent(key, k -> new Bundle(s, flags));
      int slot = (int) (id & 15);
      if (bundle.strings.get(slot) != null) throw error(at, "Multiple STRINGTABLE strings located under ID " + id);
      bundle.strings.set(slot, strings);
    }
  }

  private void writeStringTables() {
    for (Map.Entry<Long, Bundle> e : bundles.entrySet()) {
      Bundle bundle = e.getValue();
      Body b = new Body();
      for (List<Token> strings : bundle.strings) {
        List<Character> data = new ArrayList<>();
        if (strings != null) {
          for (Token str : strings) {
            Str p = process(str, Nulls.DOUBLE);
            for (char c : p.chars) data.add(c);
            cutAtDoubleNull(data);
          }
          if (options.appendNull()) data.add('\0');
        }
        if (data.size() > 0xffff) throw new RcException(options.inputFile().toString(), "STRINGTABLE string size (" + data.size() + ") does not fit in 16 bits.");
        b.u16(data.size());
        for (char c : data) b.u16(c);
      }
      emit(Id.of(6), Id.of((int) ((e.getKey() >>> 32) + 1)), bundle.memoryFlags, bundle.decl, b.bytes());
    }
  }

  private static void cutAtDoubleNull(List<Character> r) {
    for (int i = 0; i + 1 < r.size(); i++) {
      if (r.get(i) == 0 && r.get(i + 1) == 0) {
        r.subList(i, r.size()).clear();
        break;
      }
    }
    if (!r.isEmpty() && r.getLast() == 0) r.removeLast();
  }

  private void versionInfo(Token name) {
    int flags = memoryFlags(MOVEABLE | PURE);
    String[] fields = {"FILEVERSION", "PRODUCTVERSION", "FILEFLAGSMASK", "FILEFLAGS", "FILEOS", "FILETYPE", "FILESUBTYPE"};
    long[][] fixed = new long[fields.length][];
    while (!next(Kind.BEGIN)) {
      Token t = identifier();
      int k = List.of(fields).indexOf(t.text().toUpperCase(Locale.ROOT));
      if (k < 0) throw expected("fixed VERSIONINFO statement type", true);
      if (fixed[k] != null) throw expected("yet unread fixed VERSIONINFO statement type", true);
      int n = k < 2 ? 4 : 1;
      List<Num> v = ints(1, n);
      fixed[k] = new long[n];
      for (int i = 0; i < v.size(); i++) fixed[k][i] = v.get(i).value();
    }
    for (int k = 0; k < fixed.length; k++) if (fixed[k] == null) fixed[k] = new long[k < 2 ? 4 : 1];
    Body b = new Body();
    b.u16(0);
    b.u16(52);
    b.u16(0);
    b.cString(processRaw("VS_VERSION_INFO", Nulls.CUT, null));
    b.pad4();
    for (int k = 0; k < 2; k++) {
      long max = 0;
      for (long v : fixed[k]) max = Math.max(max, v);
      if (max >> 16 != 0) throw error(name, fields[k] + " fields (" + max + ") does not fit in 16 bits.");
    }
    b.u32(0xFEEF04BDL);
    b.u32(0x10000);
    b.u32((fixed[0][0] << 16) | fixed[0][1]);
    b.u32((fixed[0][2] << 16) | fixed[0][3]);
    b.u32((fixed[1][0] << 16) | fixed[1][1]);
    b.u32((fixed[1][2] << 16) | fixed[1][3]);
    for (int k = 2; k < fields.length; k++) b.u32(fixed[k][0]);
    b.u32(0);
    b.u32(0);
    b.pad4();
    versionBlock(b, null);
    b.put16(0, b.size());
    emit(Id.of(16), name, flags, state, b.bytes());
  }

  /** BEGIN (BLOCK "name" {...} | VALUE "key", values...)* END; {@code name} null for the outermost block. */
  private void versionBlock(Body b, Token name) {
    consume(Kind.BEGIN, "BEGIN");
    b.pad4();
    int start = b.size();
    if (name != null) {
      b.u16(0);
      b.u16(0);
      b.u16(1);
      b.cString(process(name, Nulls.CUT));
      b.pad4();
    }
    while (!next(Kind.END)) {
      Token t = identifier();
      if (t.is("BLOCK")) {
        versionBlock(b, string());
        continue;
      }
      if (!t.is("VALUE")) throw expected("BLOCK or VALUE", true);
      Token key = string();
      consume(Kind.COMMA, "','");
      List<Token> values = new ArrayList<>();
      List<Boolean> commas = new ArrayList<>();
      while (!next(Kind.IDENT) && !next(Kind.END)) {
        boolean comma = !values.isEmpty() && optional(Kind.COMMA);
        values.add(intOrString());
        commas.add(comma);
      }
      boolean strings = false, ints = false;
      for (Token v : values) {
        if (v.kind() == Kind.INT) ints = true;
        else strings = true;
      }
      if (strings && ints) throw error(key, "VALUE " + key.text() + " cannot contain both strings and integers");
      b.pad4();
      int at = b.size();
      b.u16(0);
      b.u16(0);
      b.u16(strings ? 1 : 0);
      b.cString(process(key, Nulls.CUT));
      b.pad4();
      int data = b.size();
      for (int i = 0; i < values.size(); i++) {
        Token v = values.get(i);
        if (v.kind() == Kind.INT) {
          b.rcInt(v, v.intValue(), v.isLong(), "VERSIONINFO integer value");
          continue;
        }
        Str s = process(v, Nulls.CUT);
        for (char c : s.chars) b.u16(c);
        if (i == values.size() - 1 || commas.get(i + 1)) b.u16(0);
      }
      int len = b.size() - data;
      b.put16(at, b.size() - at);
      b.put16(at + 2, strings ? len / 2 : len);
    }
    consume(Kind.END, "END");
    if (name != null) b.put16(start, b.size() - start);
  }

  // ---- strings ----

  /** User data keeps NULs; C strings end at the first; string tables at the first pair (see cutAtDoubleNull). */
  private enum Nulls { USER, CUT, DOUBLE }

  private record Str(boolean wide, char[] chars) {}

  private Str process(Token t, Nulls nulls) { return processRaw(t.text(), nulls, t); }

  private static String unquote(String s) {
    if (!s.contains("\"")) return s;
    if (s.startsWith("L") || s.startsWith("l")) s = s.substring(1);
    return s.substring(1, s.length() - 1);
  }

  /**
   * A string token's characters: quotes stripped, {@code ""} squashed, escapes replaced, narrow strings
   * read in the code page; an identifier is upper-cased.
   */
  private Str processRaw(String raw, Nulls nulls, Token at) {
    boolean quoted = raw.contains("\"");
    boolean wide = quoted && (raw.startsWith("L") || raw.startsWith("l"));
    String body = unquote(raw);
    StringBuilder chars = new StringBuilder();
    int cp = codePage(at);
    // The script's bytes arrive one per char (ISO-8859-1); UTF-8 text is decoded here.
    if (cp == 65001) chars.append(new String(body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8));
    else {
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c > 0x7f && cp != 1252) throw error(at, "Non-ASCII 8-bit codepoint (" + (int) c + ") can't be interpreted in the current codepage");
        chars.append(cp == 1252 ? cp1252(c) : c);
      }
    }
    if (!quoted) return new Str(false, chars.toString().toUpperCase(Locale.ROOT).toCharArray());
    StringBuilder r = new StringBuilder();
    int p = 0, n = chars.length();
    while (p < n) {
      char c = chars.charAt(p++);
      if (c == '"') {
        if (p == n || chars.charAt(p) != '"') throw error(at, "Expected \"\"");
        p++;
        add(r, '"', wide, nulls, at);
        continue;
      }
      if (c == '\\' && p < n) {
        char k = chars.charAt(p++);
        if (k == 'x' || k == 'X') {
          int v = 0, left = wide ? 4 : 2;
          while (left > 0 && p < n && chars.charAt(p) < 0x80 && Character.digit(chars.charAt(p), 16) >= 0) {
            v = (v << 4) | Character.digit(chars.charAt(p++), 16);
            left--;
          }
          addEscaped(r, (char) v, wide, nulls, at);
        } else if (k >= '0' && k < '8') {
          int v = k - '0', left = wide ? 6 : 2;
          while (left > 0 && p < n && chars.charAt(p) >= '0' && chars.charAt(p) < '8') {
            v = (v << 3) | (chars.charAt(p++) - '0');
            left--;
          }
          addEscaped(r, (char) v, wide, nulls, at);
        } else {
          switch (k) {
            case 'a', 'A' -> add(r, '\b', wide, nulls, at);
            case 'n' -> add(r, '\n', wide, nulls, at);
            case 'r' -> add(r, '\r', wide, nulls, at);
            case 't', 'T' -> add(r, '\t', wide, nulls, at);
            case '\\' -> add(r, '\\', wide, nulls, at);
            case '"' -> {
              if (p == n || chars.charAt(p) != '"') throw error(at, "Expected \\\"\"");
              p++;
              add(r, '"', wide, nulls, at);
            }
            default -> {
              if (!wide) {
                add(r, '\\', wide, nulls, at);
                add(r, k, wide, nulls, at);
              }
            }
          }
        }
        continue;
      }
      add(r, c, wide, nulls, at);
    }
    String s = r.toString();
    if (nulls == Nulls.CUT) {
      int z = s.indexOf('\0');
      if (z >= 0) s = s.substring(0, z);
    }
    return new Str(wide, s.toCharArray());
  }

  private void add(StringBuilder r, char c, boolean wide, Nulls nulls, Token at) {
    if (!wide && nulls == Nulls.USER && c > 0xff) throw error(at, "Non-8-bit codepoint (" + (int) c + ") can't occur in a user-defined narrow string");
    r.append(c);
  }

  private void addEscaped(StringBuilder r, char c, boolean wide, Nulls nulls, Token at) {
    if (!wide) {
      if (c > 0xff) throw error(at, "Non-8-bit escaped char (" + (int) c + ") can't occur in narrow string");
      int cp = codePage(at);
      if (cp == 65001 && c >= 0x80) throw error(at, "Unable to interpret single byte (" + (int) c + ") as UTF-8");
      else if (cp == 1252) c = cp1252(c);
      else if (cp != 65001 && c > 0x7f) throw error(at, "Non-ASCII 8-bit codepoint (" + (int) c + ") can't occur in a non-Unicode string");
    }
    add(r, c, wide, nulls, at);
  }

  /** The code page of a string: its own #pragma code_page, else that of the last token read, else /c. */
  private int codePage(Token at) {
    Token t = at != null ? at : pos > 0 && pos <= tokens.size() ? tokens.get(pos - 1) : null;
    return t != null && t.codePage() >= 0 ? t.codePage() : options.codePage();
  }

  private static final char[] CP1252_80 = {
    0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
    0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178};

  private static char cp1252(char c) { return c >= 0x80 && c <= 0x9f ? CP1252_80[c - 0x80] : c; }

  // ---- files ----

  /** A file named by a resource: absolute, else from the current directory, the script's directory, then /I directories. */
  private byte[] load(Token t) {
    String name = new String(unquote(t.text()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8);
    List<Path> candidates = new ArrayList<>();
    Path p = Path.of(name.replace('\\', '/'));
    if (p.isAbsolute()) candidates.add(p);
    else {
      candidates.add(p);
      Path dir = options.inputFile().toAbsolutePath().getParent();
      if (dir != null) candidates.add(dir.resolve(p));
      for (Path inc : options.includes()) candidates.add(inc.resolve(p));
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        try {
          read.add(c);
          return Files.readAllBytes(c);
        } catch (IOException e) {
          throw error(t, "cannot read " + name + ": " + e.getMessage());
        }
      }
    }
    throw error(t, "file not found: " + name);
  }

  /** A resource's data as it is written: little-endian fields, alignment relative to the data's start. */
  private final class Body {
    private final ByteArrayOutputStream b = new ByteArrayOutputStream();
    private byte[] patched;

    int size() { return b.size(); }

    void u8(int v) { b.write(v); }

    void u16(int v) {
      b.write(v & 0xff);
      b.write((v >>> 8) & 0xff);
    }

    void u32(long v) {
      u16((int) (v & 0xffff));
      u16((int) ((v >>> 16) & 0xffff));
    }

    void raw(byte[] d, int off, int len) { b.write(d, off, len); }

    void pad4() { while (b.size() % 4 != 0) b.write(0); }

    void rcInt(Token at, long v, boolean isLong, String what) {
      if (isLong) u32(v);
      else if (v >> 16 != 0) throw error(at, what + " (" + v + ") does not fit in 16 bits.");
      else u16((int) v);
    }

    void cString(Str s) {
      for (char c : s.chars) u16(c);
      u16(0);
    }

    /** Overwrites a 16-bit field written earlier. */
    void put16(int at, int v) {
      patches.add(new int[] {at, v});
    }

    private final List<int[]> patches = new ArrayList<>();

    byte[] bytes() {
      byte[] r = b.toByteArray();
      for (int[] p : patches) {
        r[p[0]] = (byte) p[1];
        r[p[0] + 1] = (byte) (p[1] >>> 8);
      }
      return r;
    }
  }
}
