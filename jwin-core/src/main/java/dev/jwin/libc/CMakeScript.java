package dev.jwin.libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Enough of the CMake language to evaluate compiler-rt's {@code lib/builtins/CMakeLists.txt} for one
 * target: {@code set}, {@code unset}, {@code option}, {@code list(APPEND|REMOVE_ITEM)},
 * {@code if/elseif/else/endif}, {@code foreach}, compiler-rt's {@code append_list_if} and the
 * {@code COMPILE_DEFINITIONS}/{@code INCLUDE_DIRECTORIES} of {@code set_source_files_properties}.
 * Other commands (targets, includes, macro and function definitions) are skipped: they decide how to
 * build, not what. The caller presets what configure's checks would have found.
 */
final class CMakeScript {
  private record Arg(String text, boolean quoted) {}

  private record Command(String name, List<Arg> args, int line) {}

  private static final Pattern VAR = Pattern.compile("\\$\\{([^${}]*)\\}");
  private static final Set<String> FALSE = Set.of("", "0", "OFF", "NO", "FALSE", "N", "IGNORE", "NOTFOUND");

  private final Path file;
  private final List<Command> commands;
  private final Map<String, String> vars = new HashMap<>();
  private final Map<String, Map<String, String>> sourceProperties = new LinkedHashMap<>();

  private CMakeScript(Path file, List<Command> commands) {
    this.file = file;
    this.commands = commands;
  }

  static CMakeScript load(Path file) throws LibcException {
    try {
      return new CMakeScript(file, parse(Files.readString(file, StandardCharsets.UTF_8), file));
    } catch (IOException e) {
      throw new LibcException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** Presets a variable (a list is its items joined with {@code ;}). */
  void define(String name, String value) {
    vars.put(name, value);
  }

  /** Runs the script. */
  void run() throws LibcException {
    exec(0, commands.size(), 0);
  }

  /** A variable's value as a list (empty when undefined). */
  List<String> list(String name) {
    return split(vars.getOrDefault(name, ""));
  }

  /** Every variable's name, sorted. */
  List<String> names() {
    return vars.keySet().stream().sorted().toList();
  }

  /** The source properties set for {@code source} (as written in the script, after expansion). */
  Map<String, String> properties(String source) {
    return sourceProperties.getOrDefault(source, Map.of());
  }

  static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(";", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  // ---- execution

  private void exec(int from, int to, int depth) throws LibcException {
    if (depth > 50) {
      throw error(commands.get(from), "blocks nested too deeply");
    }
    int i = from;
    while (i < to) {
      Command c = commands.get(i);
      switch (c.name) {
        case "if" -> i = execIf(i, to, depth);
        case "foreach" -> {
          int end = matching(i, to, "foreach", "endforeach");
          List<String> a = expand(c.args);
          if (a.isEmpty()) {
            throw error(c, "foreach without a loop variable");
          }
          String saved = vars.get(a.getFirst());
          for (String item : a.subList(1, a.size())) {
            vars.put(a.getFirst(), item);
            exec(i + 1, end, depth + 1);
          }
          restore(a.getFirst(), saved);
          i = end + 1;
        }
        case "macro", "function" -> i = matching(i, to, c.name, "end" + c.name) + 1;
        default -> {
          command(c);
          i++;
        }
      }
    }
  }

  private int execIf(int start, int to, int depth) throws LibcException {
    int end = matching(start, to, "if", "endif");
    // The branches at this level: if, elseif..., else.
    List<Integer> heads = new ArrayList<>(List.of(start));
    int nest = 0;
    for (int j = start + 1; j < end; j++) {
      String n = commands.get(j).name;
      if (n.equals("if")) {
        nest++;
      } else if (n.equals("endif")) {
        nest--;
      } else if (nest == 0 && (n.equals("elseif") || n.equals("else"))) {
        heads.add(j);
      }
    }
    heads.add(end);
    for (int h = 0; h + 1 < heads.size(); h++) {
      Command head = commands.get(heads.get(h));
      if (head.name.equals("else") || condition(head)) {
        exec(heads.get(h) + 1, heads.get(h + 1), depth + 1);
        break;
      }
    }
    return end + 1;
  }

  private int matching(int start, int to, String open, String close) throws LibcException {
    int nest = 0;
    for (int j = start; j < to; j++) {
      String n = commands.get(j).name;
      if (n.equals(open)) {
        nest++;
      } else if (n.equals(close) && --nest == 0) {
        return j;
      }
    }
    throw error(commands.get(start), open + " without " + close);
  }

  private void command(Command c) throws LibcException {
    List<String> a = expand(c.args);
    switch (c.name) {
      case "set" -> {
        if (a.isEmpty()) {
          throw error(c, "set without a variable");
        }
        int cacheAt = a.indexOf("CACHE");
        List<String> values = a.subList(1, cacheAt < 0 ? a.size() : cacheAt).stream()
            .filter(v -> !v.equals("PARENT_SCOPE")).toList();
        if (values.isEmpty()) {
          vars.remove(a.getFirst());
        } else if (cacheAt < 0 || !vars.containsKey(a.getFirst())) {
          vars.put(a.getFirst(), String.join(";", values));
        }
      }
      case "unset" -> {
        if (!a.isEmpty()) {
          vars.remove(a.getFirst());
        }
      }
      case "option" -> {
        if (!a.isEmpty() && !vars.containsKey(a.getFirst())) {
          vars.put(a.getFirst(), a.size() > 2 ? a.get(2) : "OFF");
        }
      }
      case "list" -> {
        if (a.size() >= 2 && (a.getFirst().equals("APPEND") || a.getFirst().equals("REMOVE_ITEM"))) {
          List<String> items = new ArrayList<>(list(a.get(1)));
          if (a.getFirst().equals("APPEND")) {
            items.addAll(a.subList(2, a.size()));
          } else {
            items.removeAll(a.subList(2, a.size()));
          }
          vars.put(a.get(1), String.join(";", items));
        }
      }
      case "append_list_if" -> {
        // compiler-rt's macro: append_list_if(CONDITION VALUE... LIST)
        if (a.size() >= 3 && truthy(a.getFirst())) {
          List<String> items = new ArrayList<>(list(a.getLast()));
          items.addAll(a.subList(1, a.size() - 1));
          vars.put(a.getLast(), String.join(";", items));
        }
      }
      case "set_source_files_properties" -> {
        int p = a.indexOf("PROPERTIES");
        if (p < 0 || (a.size() - p - 1) % 2 != 0) {
          throw error(c, "set_source_files_properties: expected FILES... PROPERTIES (NAME VALUE)...");
        }
        for (String f : a.subList(0, p)) {
          Map<String, String> props = sourceProperties.computeIfAbsent(f, k -> new LinkedHashMap<>());
          for (int k = p + 1; k + 1 < a.size(); k += 2) {
            props.put(a.get(k), a.get(k + 1));
          }
        }
      }
      default -> {
        // build-system commands: nothing that decides which sources or flags the library has
      }
    }
  }

  private void restore(String name, String saved) {
    if (saved == null) {
      vars.remove(name);
    } else {
      vars.put(name, saved);
    }
  }

  /** Arguments after variable expansion; an unquoted argument becomes the items of the list it expands to. */
  private List<String> expand(List<Arg> args) {
    List<String> out = new ArrayList<>();
    for (Arg a : args) {
      String v = substitute(a.text);
      if (a.quoted) {
        out.add(v);
      } else {
        out.addAll(split(v));
      }
    }
    return out;
  }

  private String substitute(String s) {
    for (int guard = 0; guard < 100; guard++) {
      var m = VAR.matcher(s);
      if (!m.find()) {
        return s;
      }
      s = s.substring(0, m.start()) + vars.getOrDefault(m.group(1), "") + s.substring(m.end());
    }
    return s;
  }

  // ---- if() conditions: parentheses, NOT, AND, OR, DEFINED, STREQUAL, MATCHES, EQUAL, LESS, GREATER

  private boolean condition(Command c) throws LibcException {
    List<String> t = new ArrayList<>();
    for (Arg a : c.args) {
      String v = substitute(a.text);
      t.add(a.quoted ? "\"" + v : v); // quoted operands are never variable names or keywords
    }
    int[] pos = {0};
    boolean r = or(t, pos, c);
    if (pos[0] != t.size()) {
      throw error(c, "cannot evaluate the condition of " + c.name + "(" + String.join(" ", t) + ")");
    }
    return r;
  }

  private boolean or(List<String> t, int[] pos, Command c) throws LibcException {
    boolean r = and(t, pos, c);
    while (pos[0] < t.size() && t.get(pos[0]).equals("OR")) {
      pos[0]++;
      r |= and(t, pos, c);
    }
    return r;
  }

  private boolean and(List<String> t, int[] pos, Command c) throws LibcException {
    boolean r = not(t, pos, c);
    while (pos[0] < t.size() && t.get(pos[0]).equals("AND")) {
      pos[0]++;
      r &= not(t, pos, c);
    }
    return r;
  }

  private boolean not(List<String> t, int[] pos, Command c) throws LibcException {
    if (pos[0] < t.size() && t.get(pos[0]).equals("NOT")) {
      pos[0]++;
      return !not(t, pos, c);
    }
    return primary(t, pos, c);
  }

  private boolean primary(List<String> t, int[] pos, Command c) throws LibcException {
    if (pos[0] >= t.size()) {
      throw error(c, "incomplete condition");
    }
    String first = t.get(pos[0]++);
    if (first.equals("(")) {
      boolean r = or(t, pos, c);
      if (pos[0] >= t.size() || !t.get(pos[0]++).equals(")")) {
        throw error(c, "unbalanced parentheses in a condition");
      }
      return r;
    }
    if (first.equals("DEFINED") && pos[0] < t.size()) {
      return vars.containsKey(t.get(pos[0]++));
    }
    if (pos[0] < t.size()) {
      String op = t.get(pos[0]);
      if (Set.of("STREQUAL", "MATCHES", "EQUAL", "LESS", "GREATER").contains(op)) {
        if (pos[0] + 1 >= t.size()) {
          throw error(c, op + " without a right operand");
        }
        String left = operand(first);
        String right = operand(t.get(pos[0] + 1));
        pos[0] += 2;
        return switch (op) {
          case "STREQUAL" -> left.equals(right);
          case "MATCHES" -> Pattern.compile(right).matcher(left).find();
          default -> {
            try {
              long l = Long.parseLong(left);
              long r = Long.parseLong(right);
              yield op.equals("EQUAL") ? l == r : op.equals("LESS") ? l < r : l > r;
            } catch (NumberFormatException e) {
              yield false;
            }
          }
        };
      }
    }
    return first.startsWith("\"") ? constant(first.substring(1)) : truthy(first);
  }

  private String operand(String token) {
    if (token.startsWith("\"")) {
      return token.substring(1);
    }
    return vars.getOrDefault(token, token);
  }

  /** {@code if(X)}: a true or false constant, else a variable whose value is not a false constant. */
  private boolean truthy(String s) {
    String u = s.toUpperCase(Locale.ROOT);
    if (Set.of("1", "ON", "YES", "TRUE", "Y").contains(u) || u.matches("-?[1-9][0-9]*")) {
      return true;
    }
    if (FALSE.contains(u) || u.endsWith("-NOTFOUND")) {
      return false;
    }
    String v = vars.get(s);
    return v != null && constant(v);
  }

  private static boolean constant(String v) {
    String u = v.toUpperCase(Locale.ROOT);
    return !FALSE.contains(u) && !u.endsWith("-NOTFOUND");
  }

  private LibcException error(Command c, String message) {
    return new LibcException(file + ":" + c.line + ": " + message);
  }

  // ---- parsing: NAME(ARGS) with quoted and unquoted arguments, # comments, nested parentheses

  private static List<Command> parse(String text, Path file) throws LibcException {
    return new Parser(text, file).commands();
  }

  private static final class Parser {
    private final String s;
    private final Path file;
    private int i;
    private int line = 1;

    Parser(String s, Path file) {
      this.s = s;
      this.file = file;
    }

    List<Command> commands() throws LibcException {
      List<Command> out = new ArrayList<>();
      for (skipBlank(); i < s.length(); skipBlank()) {
        char ch = s.charAt(i);
        if (!Character.isLetter(ch) && ch != '_') {
          throw new LibcException(file + ":" + line + ": unexpected '" + ch + "'");
        }
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        String name = s.substring(start, i).toLowerCase(Locale.ROOT);
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
          i++;
        }
        if (i >= s.length() || s.charAt(i) != '(') {
          throw new LibcException(file + ":" + line + ": expected '(' after " + name);
        }
        i++;
        int cmdLine = line;
        out.add(new Command(name, arguments(name, cmdLine), cmdLine));
      }
      return out;
    }

    /** Whitespace, line ends and comments. */
    private void skipBlank() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else if (Character.isWhitespace(c)) {
          if (c == '\n') {
            line++;
          }
          i++;
        } else {
          return;
        }
      }
    }

    private List<Arg> arguments(String name, int cmdLine) throws LibcException {
      List<Arg> args = new ArrayList<>();
      int nest = 0;
      for (skipBlank(); ; skipBlank()) {
        if (i >= s.length()) {
          throw new LibcException(file + ":" + cmdLine + ": unterminated " + name + "(");
        }
        char a = s.charAt(i);
        if (a == '(') {
          nest++;
          args.add(new Arg("(", false));
          i++;
        } else if (a == ')') {
          i++;
          if (nest-- == 0) {
            return List.copyOf(args);
          }
          args.add(new Arg(")", false));
        } else if (a == '"') {
          args.add(new Arg(quoted(), true));
        } else {
          args.add(new Arg(unquoted(), false));
        }
      }
    }

    private String quoted() {
      StringBuilder b = new StringBuilder();
      i++;
      while (i < s.length() && s.charAt(i) != '"') {
        char q = s.charAt(i++);
        if (q == '\\' && i < s.length()) {
          char e = s.charAt(i++);
          b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        } else {
          line += q == '\n' ? 1 : 0;
          b.append(q);
        }
      }
      i++;
      return b.toString();
    }

    /** An unquoted argument: up to a blank, a parenthesis or a quote outside {@code ${...}}. */
    private String unquoted() {
      int start = i;
      int brace = 0;
      for (; i < s.length(); i++) {
        char u = s.charAt(i);
        if (u == '{') {
          brace++;
        } else if (u == '}') {
          brace--;
        } else if (brace == 0 && (Character.isWhitespace(u) || u == '(' || u == ')' || u == '"' || u == '#')) {
          break;
        }
      }
      return s.substring(start, i);
    }
  }
}
