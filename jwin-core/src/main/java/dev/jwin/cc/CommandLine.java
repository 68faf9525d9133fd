package dev.jwin.cc;

import dev.jwin.cc.Invocation.Language;
import dev.jwin.cc.Invocation.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a gcc/clang command line into an {@link Invocation}: the options Makefiles and CMake use,
 * response files, and input files classified by suffix. Unknown options are errors, as with gcc.
 */
public final class CommandLine {
  private CommandLine() {}

  /** Options that take their value as the next argument when it is not joined. */
  static final Set<String> JOINED_OR_SEPARATE = Set.of(
      "-o", "-I", "-D", "-U", "-L", "-l", "-x", "-isystem", "-iquote", "-idirafter", "-include", "-imacros",
      "-MF", "-MT", "-MQ", "-target", "-iprefix", "-isysroot");

  public static Invocation parse(List<String> rawArgs, boolean cxxDriver) throws CcException {
    return parse(rawArgs, cxxDriver, Path.of(""));
  }

  /** Parses the command line of a command run in {@code cwd} (where response files are read from). */
  static Invocation parse(List<String> rawArgs, boolean cxxDriver, Path cwd) throws CcException {
    List<String> args = expandResponseFiles(rawArgs, 0, cwd);
    Invocation inv = new Invocation();
    inv.args = List.copyOf(args);
    inv.cxxDriver = cxxDriver;
    Language forced = null;
    boolean sawInput = false;
    GnuLd ld = new GnuLd(inv);
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("-") || a.equals("-")) {
        if (a.equals("-") && forced == null)
          throw new CcException("-E or -x required when input is from standard input");
        addInput(inv, a, forced);
        sawInput = true;
        continue;
      }
      // Split "-opt value" and "-optvalue" for the options that take one.
      String opt = null;
      String value = null;
      for (String o : JOINED_OR_SEPARATE) {
        if (a.equals(o)) {
          if (i + 1 >= args.size()) throw new CcException("argument to '" + a + "' is missing (expected 1 value)");
          opt = o;
          value = args.get(++i);
          break;
        }
      }
      if (opt == null) {
        for (String o : List.of("-isystem", "-iquote", "-idirafter", "-o", "-I", "-D", "-U", "-L", "-l", "-x", "-MF",
            "-MT", "-MQ")) {
          if (a.startsWith(o) && a.length() > o.length()) {
            opt = o;
            value = a.substring(o.length());
            break;
          }
        }
      }
      if (opt != null) {
        switch (opt) {
          case "-o" -> inv.output = value;
          case "-I", "-D", "-U" -> {
            inv.compileFlags.add(opt + value);
            if (value.equals("_FORTIFY_SOURCE") || value.startsWith("_FORTIFY_SOURCE="))
              inv.fortify = opt.equals("-D") && !value.equals("_FORTIFY_SOURCE=0");
          }
          case "-isystem", "-iquote", "-idirafter", "-include", "-imacros", "-iprefix", "-isysroot" -> {
            inv.compileFlags.add(opt);
            inv.compileFlags.add(value);
          }
          case "-L" -> inv.libDirs.add(value);
          case "-l" -> inv.linkOrder.add(new Invocation.LibraryItem(value, inv.bstatic));
          case "-x" -> forced = language(value);
          case "-MF" -> inv.depFilePath = value;
          case "-MT" -> inv.depTargets.add(value);
          case "-MQ" -> inv.depTargets.add(DepFile.quoteTarget(value));
          case "-target" -> inv.target = Target.parse(value);
          default -> throw new IllegalStateException(opt);
        }
        continue;
      }
      option(inv, ld, a, args, i);
      if (a.equals("-Xlinker") || a.equals("-Xclang") || a.equals("-Xassembler") || a.equals("-Xpreprocessor")) i++;
    }
    ld.finish();
    if (inv.query != null) return inv;
    if (!sawInput && inv.linkOrder.isEmpty() && !inv.verbose && !inv.printVersion) throw new CcException("no input files");
    if (inv.output != null && inv.stage != Stage.LINK && inv.sources.size() > 1)
      throw new CcException("cannot specify -o when generating multiple output files");
    return inv;
  }

  private static void option(Invocation inv, GnuLd ld, String a, List<String> args, int i) throws CcException {
    if (a.startsWith("--target=")) {
      inv.target = Target.parse(a.substring("--target=".length()));
      return;
    }
    if (a.startsWith("-target=")) {
      inv.target = Target.parse(a.substring("-target=".length()));
      return;
    }
    if (a.startsWith("-Wl,")) {
      ld.words(List.of(a.substring(4).split(",", -1)), a);
      return;
    }
    if (a.equals("-Xlinker")) {
      if (i + 1 >= args.size()) throw new CcException("argument to '-Xlinker' is missing (expected 1 value)");
      ld.words(List.of(args.get(i + 1)), "-Xlinker " + args.get(i + 1));
      return;
    }
    if (a.equals("-Xclang") || a.equals("-Xassembler") || a.equals("-Xpreprocessor")) {
      if (i + 1 >= args.size()) throw new CcException("argument to '" + a + "' is missing (expected 1 value)");
      inv.compileFlags.add(a);
      inv.compileFlags.add(args.get(i + 1));
      return;
    }
    if (a.startsWith("-Wa,") || a.startsWith("-Wp,")) {
      inv.compileFlags.add(a);
      return;
    }
    if (a.startsWith("-fuse-ld=")) {
      String linker = a.substring("-fuse-ld=".length());
      switch (linker) {
        case "lld", "lld-link", "lld-link-14" -> inv.useLld = true;
        case "jwin" -> inv.useLld = false;
        default -> throw new CcException("invalid linker name in argument '" + a + "' (expected lld or jwin)");
      }
      return;
    }
    if (a.startsWith("-rtlib=") || a.startsWith("--rtlib=")) {
      String rt = a.substring(a.indexOf('=') + 1);
      switch (rt) {
        case "compiler-rt", "libgcc", "platform" -> inv.rtlib = rt.equals("platform") ? null : rt;
        default -> throw new CcException("invalid runtime library name in argument '" + a + "'");
      }
      return;
    }
    if (a.startsWith("-std=")) {
      inv.compileFlags.add(a);
      return;
    }
    if (a.startsWith("-O")) {
      inv.compileFlags.add(a);
      return;
    }
    if (a.startsWith("-g")) {
      inv.compileFlags.add(a);
      inv.debug = !a.equals("-g0");
      return;
    }
    if (a.startsWith("-W")) {
      inv.compileFlags.add(a);
      return;
    }
    if (a.startsWith("-f")) {
      switch (a) {
        case "-fstack-protector", "-fstack-protector-all", "-fstack-protector-strong", "-fstack-protector-explicit"
            -> inv.ssp = true;
        case "-fno-stack-protector" -> inv.ssp = false;
        case "-flto", "-flto=thin", "-flto=full", "-flto=auto", "-flto=jobserver" -> inv.lto = true;
        case "-fno-lto" -> inv.lto = false;
        default -> {}
      }
      inv.compileFlags.add(a);
      return;
    }
    if (a.startsWith("--thread-model=") || a.startsWith("-mthread-model=")) {
      String m = a.substring(a.indexOf('=') + 1);
      if (!m.equals("posix") && !m.equals("win32"))
        throw new CcException("invalid thread model '" + m + "' in '" + a + "' (expected posix or win32)");
      inv.threadModel = m;
      return;
    }
    if (a.startsWith("-print-prog-name=") || a.startsWith("-print-file-name=")) {
      inv.query = a.substring(1);
      return;
    }
    switch (a) {
      case "-c" -> inv.stage = Stage.COMPILE;
      case "-S" -> inv.stage = min(inv.stage, Stage.ASSEMBLE);
      case "-E" -> inv.stage = Stage.PREPROCESS;
      case "-shared", "-mdll" -> inv.shared = true;
      case "-static" -> {
        inv.staticLink = true;
        inv.bstatic = true;
      }
      case "-static-libgcc" -> inv.staticLibgcc = true;
      case "-shared-libgcc" -> inv.staticLibgcc = false;
      case "-static-libstdc++" -> inv.staticLibstdcxx = true;
      case "-rdynamic", "-pipe", "-mthreads", "-no-pie", "-nopie", "-pie" -> {}
      case "-pthread" -> {
        inv.pthread = true;
        inv.compileFlags.add(a);
      }
      case "-print-search-dirs", "-print-libgcc-file-name", "-print-multi-os-directory", "-print-multi-directory",
          "-print-multi-lib", "-print-sysroot" -> inv.query = a.substring(1);
      case "-municode" -> inv.unicode = true;
      case "-mwindows" -> inv.subsystem = "windows";
      case "-mconsole" -> inv.subsystem = "console";
      case "-nostdlib" -> inv.nostdlib = true;
      case "-nostartfiles" -> inv.nostartfiles = true;
      case "-nodefaultlibs" -> inv.nodefaultlibs = true;
      case "-s" -> inv.strip = true;
      case "-v" -> inv.verbose = true;
      case "--version" -> inv.query = "version";
      case "-dumpmachine", "-dumpversion", "-dumpfullversion" -> inv.query = a.substring(1);
      case "-MD" -> inv.depFile = true;
      case "-MMD" -> {
        inv.depFile = true;
        inv.depUserOnly = true;
      }
      case "-MP" -> inv.depPhony = true;
      case "-w", "-pedantic", "-pedantic-errors", "-ansi", "-nostdinc", "-nostdinc++", "-trigraphs",
          "-P", "-C", "-undef", "-H" -> inv.compileFlags.add(a);
      default -> {
        if (a.startsWith("-m")) {
          // Code generation options: -march=, -mtune=, -msse2, -mavx, -mno-red-zone, ...
          inv.compileFlags.add(a);
        } else {
          throw new CcException("unrecognized command-line option '" + a + "'");
        }
      }
    }
  }

  private static Stage min(Stage a, Stage b) {
    return a.ordinal() < b.ordinal() ? a : b;
  }

  static Language language(String x) throws CcException {
    return switch (x) {
      case "c" -> Language.C;
      case "c++" -> Language.CXX;
      case "assembler-with-cpp" -> Language.ASM_CPP;
      case "assembler" -> Language.ASM;
      case "none" -> null;
      default -> throw new CcException("language not recognized: '" + x + "'");
    };
  }

  private static void addInput(Invocation inv, String path, Language forced) {
    String lower = path.toLowerCase(Locale.ROOT);
    Language lang = forced;
    if (lang == null) {
      if (lower.endsWith(".c")) lang = inv.cxxDriver ? Language.CXX : Language.C;
      else if (lower.endsWith(".cc") || lower.endsWith(".cpp") || lower.endsWith(".cxx") || lower.endsWith(".c++")
          || path.endsWith(".C")) lang = Language.CXX;
      else if (path.endsWith(".S") || lower.endsWith(".sx")) lang = Language.ASM_CPP;
      else if (path.endsWith(".s") || lower.endsWith(".asm")) lang = Language.ASM;
    }
    if (lang != null) {
      inv.sources.add(new Invocation.Source(path, lang));
      inv.linkOrder.add(new Invocation.SourceItem(inv.sources.size() - 1));
    } else if (lower.endsWith(".def")) {
      inv.defFiles.add(path);
    } else if (lower.endsWith(".res") || lower.endsWith(".rc")) {
      inv.resFiles.add(path);
    } else {
      // Objects, archives and anything else go to the linker, as gcc does.
      inv.linkOrder.add(new Invocation.FileItem(path, inv.wholeArchive));
    }
  }

  /** Expands {@code @file} arguments with gcc's quoting rules (whitespace, quotes, backslash). */
  static List<String> expandResponseFiles(List<String> args, int depth, Path cwd) throws CcException {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (!a.startsWith("@") || a.length() == 1) {
        out.add(a);
        continue;
      }
      if (depth > 20) throw new CcException("response files nested too deeply: " + a);
      Path p = Path.of(a.substring(1));
      String text;
      try {
        text = Files.readString(cwd.resolve(p), StandardCharsets.UTF_8);
      } catch (IOException e) {
        // gcc keeps an unreadable @file as a literal argument; then it is a missing input.
        throw new CcException("cannot read response file " + p + ": no such file or directory");
      }
      out.addAll(expandResponseFiles(split(text), depth + 1, cwd));
    }
    return out;
  }

  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inArg = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"' && i + 1 < text.length()) cur.append(text.charAt(++i));
        else cur.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        inArg = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        cur.append(text.charAt(++i));
        inArg = true;
      } else if (Character.isWhitespace(c)) {
        if (inArg) out.add(cur.toString());
        cur.setLength(0);
        inArg = false;
      } else {
        cur.append(c);
        inArg = true;
      }
    }
    if (inArg) out.add(cur.toString());
    return out;
  }
}
