package dev.jwin.cc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where clang looks for headers, and so where a header it read was <em>not</em> found: a file appearing at one of
 * those places later (a generated {@code config.h} in an earlier {@code -I} directory) would be read instead. The
 * search list is clang's own ({@code clang -E -v}: {@code -iquote}, {@code -I}, {@code -isystem}, {@code CPATH}-style
 * directories, the target's system directories), remembered in the cache per command line, working directory and
 * environment; directories clang ignored because they did not exist count as searched first.
 */
final class IncludeSearch {
  /** Directories in search order (quote-only first), absolute and normalized; those clang ignored as missing. */
  private final List<Path> dirs;
  private final Set<Path> missing;
  private final Path cwd;

  private IncludeSearch(List<Path> dirs, Set<Path> missing, Path cwd) {
    this.dirs = dirs;
    this.missing = missing;
    this.cwd = cwd;
  }

  /**
   * The search list for {@code args} (a clang command without mode, output or input), asking clang once per list;
   * null when clang cannot tell (the flags do not allow preprocessing).
   */
  static IncludeSearch of(List<String> args, String identity, Map<String, String> env, Path cwd, Path store)
      throws CcException {
    StringBuilder d = new StringBuilder("search 1\n").append(identity).append('\n')
        .append(cwd.toAbsolutePath()).append('\n').append(String.join("\0", searchArgs(args)));
    for (String v : Proc.COMPILER_ENV) d.append('\n').append(v).append('=').append(env.getOrDefault(v, ""));
    Path file = store.resolve(FileHashes.key(d.toString()));
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
      // A directory clang ignored for not existing exists now: it is searched, ask again.
      for (String line : text.split("\n"))
        if (line.startsWith("n ") && Files.exists(cwd.resolve(line.substring(2)))) text = null;
    } catch (IOException e) {
      text = null;
    }
    if (text == null) {
      List<String> cmd = new ArrayList<>(args);
      cmd.addAll(List.of("-E", "-v", "-o", "/dev/null", "/dev/null"));
      Proc.Output out = Proc.capture(cmd, env, cwd);
      if (out.exitCode() != 0) return null;
      text = summary(out.text());
      try {
        Files.createDirectories(store);
        dev.jwin.io.AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8), false);
      } catch (IOException ignored) {
        // asked again next time
      }
    }
    return parse(text, cwd);
  }

  /**
   * The arguments that can change the search list: all but macro definitions, which differ from file to file in
   * many builds (and in configure's tests) and would otherwise cost a second clang run per compile.
   */
  static List<String> searchArgs(List<String> args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("-D") || a.equals("-U")) {
        i++;
      } else if (!a.startsWith("-D") && !a.startsWith("-U")) {
        kept.add(a);
        // A value of its own (a directory named "-Dx" after -I) is kept as it is.
        if (i + 1 < args.size() && (CommandLine.JOINED_OR_SEPARATE.contains(a) || a.startsWith("-X"))) kept.add(args.get(++i));
      }
    }
    return kept;
  }

  /** The lines of {@code clang -v}'s report that matter, one per directory: "n dir" ignored, "d dir" searched. */
  static String summary(String verbose) {
    StringBuilder b = new StringBuilder();
    boolean inList = false;
    for (String line : verbose.split("\n")) {
      if (line.startsWith("ignoring nonexistent directory \"") && line.endsWith("\"")) {
        b.append("n ").append(line, "ignoring nonexistent directory \"".length(), line.length() - 1).append('\n');
      } else if (line.startsWith("#include ") && line.endsWith("search starts here:")) {
        inList = true;
      } else if (line.equals("End of search list.")) {
        inList = false;
      } else if (inList && line.startsWith(" ")) {
        String dir = line.substring(1);
        if (dir.endsWith(" (framework directory)")) dir = dir.substring(0, dir.length() - 22);
        b.append("d ").append(dir).append('\n');
      }
    }
    return b.toString();
  }

  static IncludeSearch parse(String summary, Path cwd) {
    List<Path> dirs = new ArrayList<>();
    Set<Path> missing = new LinkedHashSet<>();
    for (String line : summary.split("\n")) {
      if (line.length() < 3) continue;
      Path p = abs(cwd, line.substring(2));
      if (line.startsWith("n ")) missing.add(p);
      else if (!dirs.contains(p)) dirs.add(p);
    }
    return new IncludeSearch(dirs, missing, cwd);
  }

  private static Path abs(Path cwd, String p) {
    return cwd.resolve(p).toAbsolutePath().normalize();
  }

  /**
   * The files that must stay absent for {@code deps} (the source first, then the headers clang read) to be the
   * headers clang would read: for each header, the same relative name in every directory searched before the one it
   * came from. Who included what with which spelling is not known, so every dependency's directory counts as a
   * possible includer's directory (searched first for quoted includes) and ignored directories count as searched
   * first; names that exist now are left out (clang passed over them).
   */
  Set<String> absent(List<String> deps) {
    List<Path> includers = new ArrayList<>();
    for (String d : deps) {
      Path parent = abs(cwd, d).getParent();
      if (parent != null && !includers.contains(parent)) includers.add(parent);
    }
    Set<String> out = new TreeSet<>();
    for (int i = 1; i < deps.size(); i++) {
      Path h = abs(cwd, deps.get(i));
      // Every way clang could have found it: relative to an includer, or in the k-th search directory.
      for (Path base : includers) if (h.startsWith(base) && !h.equals(base)) {
        Path rel = base.relativize(h);
        candidates(missing, rel, out);
        candidates(includers, rel, out);
      }
      for (int k = 0; k < dirs.size(); k++) {
        Path base = dirs.get(k);
        if (!h.startsWith(base) || h.equals(base)) continue;
        Path rel = base.relativize(h);
        candidates(missing, rel, out);
        candidates(includers, rel, out);
        candidates(dirs.subList(0, k), rel, out);
      }
    }
    return out;
  }

  /**
   * The places where a header tested with {@code __has_include} (spelled {@code "x.h"} or {@code <x.h>}) and not
   * found was looked for: a header appearing there later changes the answer. Quoted names are looked for in every
   * includer's directory too; {@code __has_include_next} counts as a search of every directory.
   */
  Set<String> absentTested(List<String> deps, Collection<String> tested) {
    List<Path> includers = new ArrayList<>();
    for (String d : deps) {
      Path parent = abs(cwd, d).getParent();
      if (parent != null && !includers.contains(parent)) includers.add(parent);
    }
    Set<String> out = new TreeSet<>();
    for (String spelled : tested) {
      Path rel = Path.of(spelled.substring(1, spelled.length() - 1));
      if (spelled.startsWith("\"")) candidates(includers, rel, out);
      candidates(missing, rel, out);
      candidates(dirs, rel, out);
    }
    return out;
  }

  private static final Pattern HAS_INCLUDE = Pattern.compile("__has_include(?:_next)?\\b");
  private static final Pattern PAREN = Pattern.compile("\\s*\\(");
  private static final Pattern OPERAND = Pattern.compile("\\G\\s*\\(\\s*(<[^>\\n]+>|\"[^\"\\n]+\")");

  /**
   * The headers a source or header tests with {@code __has_include} or {@code __has_include_next}, as spelled;
   * null when one is named by a macro. A mention without an operand ({@code #ifdef __has_include}) or in a
   * {@code #define} (a fallback for compilers without it) tests nothing.
   */
  static List<String> tested(String text) {
    if (!text.contains("__has_include")) return List.of();
    List<String> out = new ArrayList<>();
    Matcher m = HAS_INCLUDE.matcher(text);
    while (m.find()) {
      Matcher op = OPERAND.matcher(text);
      op.region(m.end(), text.length());
      if (op.lookingAt()) {
        if (!out.contains(op.group(1))) out.add(op.group(1));
        continue;
      }
      int lineStart = text.lastIndexOf('\n', m.start()) + 1;
      String before = text.substring(lineStart, m.start()).replace(" ", "").replace("\t", "");
      boolean paren = PAREN.matcher(text).region(m.end(), text.length()).lookingAt();
      if (paren && !before.startsWith("#define")) return null;
    }
    return out;
  }

  private static void candidates(java.util.Collection<Path> before, Path rel, Set<String> out) {
    for (Path d : before) {
      Path p = d.resolve(rel).normalize();
      String s = p.toString();
      if (!out.contains(s) && !Files.exists(p)) out.add(s);
    }
  }
}
