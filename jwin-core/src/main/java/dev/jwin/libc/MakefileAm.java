package dev.jwin.libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an automake {@code Makefile.am} that say what to build: variable assignments
 * ({@code =}, {@code +=}), {@code if}/{@code else}/{@code endif} on automake conditionals,
 * {@code include} (with {@code %reldir%}), and rules with their recipes. Variables expand
 * lazily like make's recursive variables; {@code @SUBST@} values come from configure.
 */
final class MakefileAm {
  /** A rule: its targets, prerequisites and recipe lines (unexpanded). */
  record Rule(List<String> targets, List<String> prerequisites, List<String> recipe) {}

  private static final Pattern ASSIGN = Pattern.compile("^([A-Za-z0-9_.@%-]+)\\s*(\\+?=)\\s*(.*)$");
  private static final Pattern REF = Pattern.compile("\\$\\(([^()]+)\\)|@([A-Za-z0-9_]+)@");

  private final Map<String, Boolean> conditionals;
  private final Map<String, String> substitutions;
  private final Map<String, String> variables = new LinkedHashMap<>();
  private final List<Rule> rules = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();

  private MakefileAm(Map<String, Boolean> conditionals, Map<String, String> substitutions) {
    this.conditionals = conditionals;
    this.substitutions = substitutions;
  }

  /** Parses {@code file} (and what it includes) under the given conditionals and configure substitutions. */
  static MakefileAm parse(Path file, Map<String, Boolean> conditionals, Map<String, String> substitutions)
      throws IOException {
    MakefileAm m = new MakefileAm(conditionals, substitutions);
    m.read(file, "");
    return m;
  }

  /** Every file read (the Makefile.am and its includes): inputs of anything derived from it. */
  List<Path> files() {
    return files;
  }

  private void read(Path file, String reldir) throws IOException {
    files.add(file);
    List<String> lines = joinContinuations(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
    Deque<Boolean> active = new ArrayDeque<>();
    Rule current = null;
    for (String raw : lines) {
      boolean on = !active.contains(false);
      if (raw.startsWith("\t")) {
        if (current != null && on) {
          current.recipe().add(raw.substring(1).replace("%reldir%", reldir));
        }
        continue;
      }
      String line = stripComment(raw).replace("%reldir%", reldir).replace("%canon_reldir%", reldir).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] words = line.split("\\s+");
      switch (words[0]) {
        case "if" -> {
          String c = words[1];
          boolean negate = c.startsWith("!");
          boolean value = conditionals.getOrDefault(negate ? c.substring(1) : c, false);
          active.push(negate != value);
          current = null;
          continue;
        }
        case "else" -> {
          active.push(!active.pop());
          current = null;
          continue;
        }
        case "endif" -> {
          active.pop();
          current = null;
          continue;
        }
        case "include" -> {
          if (on) {
            Path inc = file.resolveSibling(words[1]);
            String dir = inc.getParent().equals(file.getParent()) ? "" : file.getParent().relativize(inc.getParent()).toString();
            read(inc, dir);
          }
          current = null;
          continue;
        }
        default -> {}
      }
      if (!on) {
        current = null;
        continue;
      }
      Matcher a = ASSIGN.matcher(line);
      if (a.matches()) {
        String name = a.group(1);
        String value = a.group(3).strip();
        if (a.group(2).equals("+=") && variables.containsKey(name)) {
          variables.put(name, variables.get(name) + " " + value);
        } else {
          variables.put(name, value);
        }
        current = null;
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        List<String> targets = Arrays.asList(line.substring(0, colon).strip().split("\\s+"));
        String rest = line.substring(colon + 1).strip();
        List<String> prereqs = rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"));
        current = new Rule(targets, prereqs, new ArrayList<>());
        rules.add(current);
      }
    }
  }

  private static List<String> joinContinuations(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder sb = null;
    for (String l : lines) {
      String s = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
      boolean cont = s.endsWith("\\");
      String body = cont ? s.substring(0, s.length() - 1) : s;
      if (sb == null) {
        sb = new StringBuilder(body);
      } else {
        sb.append(' ').append(body.strip());
      }
      if (!cont) {
        out.add(sb.toString());
        sb = null;
      }
    }
    if (sb != null) {
      out.add(sb.toString());
    }
    return out;
  }

  private static String stripComment(String line) {
    int h = line.indexOf('#');
    return h < 0 ? line : line.substring(0, h);
  }

  /** Sets a variable the way configure or automake would (before any use). */
  void define(String name, String value) {
    variables.put(name, value);
  }

  /** Whether a variable is set. */
  boolean has(String name) {
    return variables.containsKey(name);
  }

  /** A variable's value, fully expanded; unset variables expand to nothing, as in make. */
  String value(String name) {
    return expand(variables.getOrDefault(name, ""), 0);
  }

  /** A variable's expanded value split into words. */
  List<String> words(String name) {
    return split(value(name));
  }

  static List<String> split(String s) {
    String t = s.strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  /** Expands {@code $(VAR)} and {@code @SUBST@} references in {@code text}. */
  String expand(String text, int depth) {
    if (depth > 50) {
      throw new IllegalStateException("recursive variable in Makefile.am: " + text);
    }
    Matcher m = REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) != null) {
        replacement = expand(variables.getOrDefault(m.group(1), ""), depth + 1);
      } else {
        replacement = substitutions.getOrDefault(m.group(2), "");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * The rule that makes {@code target}: an explicit rule naming it, else the first pattern rule
   * ({@code dir/%.o: crt/%.c}) whose prerequisite exists under {@code srcDir}; with the pattern
   * rule's {@code %} replaced. Empty when no rule applies.
   */
  java.util.Optional<Rule> ruleFor(String target, Path srcDir) {
    java.util.Optional<Rule> explicit = explicitRule(target);
    if (explicit.isPresent()) {
      return explicit;
    }
    for (Rule r : rules) {
      for (String t : r.targets()) {
        String pattern = expand(t, 0);
        int pct = pattern.indexOf('%');
        if (pct < 0) {
          continue;
        }
        String prefix = pattern.substring(0, pct);
        String suffix = pattern.substring(pct + 1);
        if (target.length() >= prefix.length() + suffix.length() && target.startsWith(prefix) && target.endsWith(suffix)) {
          String stem = target.substring(prefix.length(), target.length() - suffix.length());
          List<String> prereqs = r.prerequisites().stream().map(p -> expand(p, 0).replace("%", stem)).toList();
          if (!prereqs.isEmpty() && Files.exists(srcDir.resolve(prereqs.getFirst()))) {
            return java.util.Optional.of(new Rule(List.of(target), prereqs, r.recipe()));
          }
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The rule that names {@code target} itself (no pattern rules). */
  java.util.Optional<Rule> explicitRule(String target) {
    for (Rule r : rules) {
      for (String t : r.targets()) {
        if (!t.contains("%") && expand(t, 0).equals(target)) {
          return java.util.Optional.of(r);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** Reads a Makefile.am, turning a missing file into a clear error. */
  static MakefileAm load(Path file, Map<String, Boolean> conditionals, Map<String, String> substitutions)
      throws LibcException {
    try {
      return parse(file, conditionals, substitutions);
    } catch (NoSuchFileException e) {
      throw new LibcException("missing " + e.getFile() + ": the mingw-w64 source tree is incomplete");
    } catch (IOException e) {
      throw new LibcException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Map<String, String> map(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
