package dev.jwin.link;

/**
 * A small Itanium C++ demangler for diagnostics: plain and nested names with builtin, pointer,
 * reference and const parameter types. Anything it does not understand is returned unchanged.
 */
final class Demangler {
  private final String s;
  private int p;

  private Demangler(String s, int start) {
    this.s = s;
    this.p = start;
  }

  /**
   * A name as lld-link shows it for machine {@code m}: {@code __imp_X} as {@code __declspec(dllimport) X}, and
   * X demangled if it is a C++ name (on i386 after the C underscore, {@code __Z...}).
   */
  static String demangle(String name, dev.jwin.coff.Machine m) {
    boolean imp = name.startsWith("__imp_");
    String prefixless = imp ? name.substring(6) : name;
    String input = m == dev.jwin.coff.Machine.I386 && prefixless.startsWith("_") ? prefixless.substring(1) : prefixless;
    String demangled = itanium(input);
    return (imp ? "__declspec(dllimport) " : "") + (demangled != null ? demangled : prefixless);
  }

  static String demangle(String name) {
    return demangle(name, dev.jwin.coff.Machine.AMD64);
  }

  /** An Itanium C++ name demangled; null if {@code n} is not one this demangler understands. */
  private static String itanium(String n) {
    if (!n.startsWith("_Z")) return null;
    try {
      Demangler d = new Demangler(n, 2);
      String fn = d.name();
      if (d.p >= n.length()) return fn;
      StringBuilder params = new StringBuilder();
      while (d.p < n.length()) {
        String t = d.type();
        if (t.equals("void") && params.isEmpty() && d.p >= n.length()) break;
        if (!params.isEmpty()) params.append(", ");
        params.append(t);
      }
      return fn + "(" + params + ")";
    } catch (RuntimeException e) {
      return null;
    }
  }

  private String name() {
    if (s.charAt(p) == 'N') {
      p++;
      StringBuilder b = new StringBuilder();
      while (s.charAt(p) == 'K' || s.charAt(p) == 'V') p++;
      while (s.charAt(p) != 'E') {
        if (!b.isEmpty()) b.append("::");
        b.append(sourceName());
      }
      p++;
      return b.toString();
    }
    if (s.startsWith("St", p)) {
      p += 2;
      return "std::" + sourceName();
    }
    return sourceName();
  }

  private String sourceName() {
    int start = p;
    while (Character.isDigit(s.charAt(p))) p++;
    if (start == p) throw new IllegalStateException();
    int len = Integer.parseInt(s.substring(start, p));
    String r = s.substring(p, p + len);
    p += len;
    return r;
  }

  private String type() {
    char c = s.charAt(p++);
    return switch (c) {
      case 'v' -> "void";
      case 'b' -> "bool";
      case 'c' -> "char";
      case 'a' -> "signed char";
      case 'h' -> "unsigned char";
      case 's' -> "short";
      case 't' -> "unsigned short";
      case 'i' -> "int";
      case 'j' -> "unsigned int";
      case 'l' -> "long";
      case 'm' -> "unsigned long";
      case 'x' -> "long long";
      case 'y' -> "unsigned long long";
      case 'f' -> "float";
      case 'd' -> "double";
      case 'e' -> "long double";
      case 'w' -> "wchar_t";
      case 'z' -> "...";
      case 'P' -> type() + "*";
      case 'R' -> type() + "&";
      case 'O' -> type() + "&&";
      case 'K' -> type() + " const";
      case 'N' -> {
        p--;
        yield name();
      }
      default -> {
        if (Character.isDigit(c)) {
          p--;
          yield sourceName();
        }
        throw new IllegalStateException();
      }
    };
  }
}
