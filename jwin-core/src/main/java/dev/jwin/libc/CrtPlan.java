package dev.jwin.libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to compile and archive for one target, derived from mingw-w64-crt's Makefile.am the way
 * automake and make would read it: source lists ({@code lib64_libmingwex_a_SOURCES}), per-library
 * flags ({@code _CPPFLAGS}, {@code _CFLAGS}, else {@code AM_CPPFLAGS}/{@code AM_CFLAGS}), the
 * startup-object rules ({@code lib64/crt2.o}), MRI scripts that merge libraries
 * ({@code libmsvcrt-os.a}) and the .def lookup of the import-library pattern rules.
 */
final class CrtPlan {
  /** One clang run: {@code source} relative to the crt directory, {@code flags} as the Makefile gives them. */
  record Compile(String library, String source, List<String> flags) {
    String objectName() {
      String base = source.substring(source.lastIndexOf('/') + 1);
      return base.substring(0, base.lastIndexOf('.')) + ".o";
    }
  }

  /** Where an import library's exports come from: a .def, or a .def.in preprocessed for the target. */
  record Def(String stem, String path, boolean preprocess) {}

  /** An archive: import members of {@code imports} (if any) followed by the objects of {@code compiles}. */
  record Archive(String fileName, List<Def> imports, List<Compile> compiles) {}

  /** A startup object ({@code crt2.o}) and the compile that makes it. */
  record Startup(String fileName, Compile compile) {}

  /**
   * The user's CFLAGS: configure's default is {@code -g -O2}; jwin leaves out {@code -g} (debug
   * information for the runtime only makes the objects bigger and the build slower).
   */
  static final String CFLAGS = "-O2";

  private static final Pattern ECHO = Pattern.compile("echo \"(.*)\" > (\\S+)");

  private final MakefileAm make;
  private final Target target;
  private final Path crtDir;

  private CrtPlan(MakefileAm make, Target target, Path crtDir) {
    this.make = make;
    this.target = target;
    this.crtDir = crtDir;
  }

  /** Reads {@code crtDir/Makefile.am} for {@code target}; {@code configDir} is where config.h and generated sources live. */
  static CrtPlan load(Path crtDir, Target target, Path configDir) throws LibcException {
    Map<String, String> subst = MakefileAm.map("MSVCRT_LIB", "libmsvcrt-os.a",
        "LIBX8664SUFFIXDIR", "lib", "LIB32SUFFIXDIR", "lib32", "LIBARM32SUFFIXDIR", "lib", "LIBARM64SUFFIXDIR", "lib");
    MakefileAm make = MakefileAm.load(crtDir.resolve("Makefile.am"), target.conditionals(), subst);
    make.define("top_srcdir", crtDir.toString());
    make.define("srcdir", crtDir.toString());
    make.define("top_builddir", configDir.toString());
    // What automake generates: compile commands without the compiler itself (jwin adds clang and its options).
    make.define("DEFS", "-DHAVE_CONFIG_H");
    make.define("DEFAULT_INCLUDES", "-I" + configDir + " -I" + crtDir);
    make.define("CFLAGS", CFLAGS);
    make.define("COMPILE", "$(DEFS) $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) $(CPPFLAGS) $(AM_CFLAGS) $(CFLAGS)");
    return new CrtPlan(make, target, crtDir);
  }

  List<Path> makefiles() {
    return make.files();
  }

  /** Startup objects: {@code crt64_DATA} (crt1.o, crt2.o, dllcrt2.o, crtbegin.o, ...) without the profiling ones. */
  List<Startup> startupObjects() throws LibcException {
    List<Startup> out = new ArrayList<>();
    for (String path : make.words(target.crtData + "_DATA")) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (name.startsWith("gcrt")) {
        continue; // gprof support: needs libgmon, not part of jwin's runtime
      }
      out.add(new Startup(name, startupCompile(path, 0)));
    }
    return out;
  }

  private Compile startupCompile(String path, int depth) throws LibcException {
    MakefileAm.Rule rule = make.ruleFor(path, crtDir)
        .orElseThrow(() -> new LibcException("no rule for " + path + " in " + crtDir.resolve("Makefile.am")));
    String recipe = rule.recipe().isEmpty() ? "" : make.expand(rule.recipe().getFirst(), 0).strip();
    String source = make.expand(rule.prerequisites().getFirst(), 0);
    if (recipe.startsWith("cp ") && depth < 4) {
      return startupCompile(source, depth + 1); // crt2.o is a copy of crt1.o
    }
    List<String> flags = new ArrayList<>();
    for (String w : MakefileAm.split(recipe)) {
      if (!w.equals("-c") && !w.equals("-o") && !w.equals("$<") && !w.equals("$@")) {
        flags.add(w);
      }
    }
    return new Compile(path.substring(path.lastIndexOf('/') + 1), source, List.copyOf(flags));
  }

  /** The archive {@code fileName} ({@code libmingwex.a}) for this target, or empty when the build files don't make one. */
  Optional<Archive> archive(String fileName) throws LibcException {
    return archive(target.libDir + "/" + fileName, 0);
  }

  private Optional<Archive> archive(String path, int depth) throws LibcException {
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    if (depth > 4) {
      throw new LibcException("rules for " + path + " refer to each other");
    }
    Optional<MakefileAm.Rule> rule = make.explicitRule(path);
    if (rule.isPresent() && !rule.get().recipe().isEmpty()) {
      String recipe = make.expand(rule.get().recipe().getFirst(), 0).strip();
      if (recipe.startsWith("cp ")) {
        return archive(make.expand(rule.get().prerequisites().getFirst(), 0), depth + 1).map(a -> new Archive(fileName, a.imports(), a.compiles()));
      }
      if (recipe.contains("-M")) {
        return Optional.of(mri(fileName, make.expand(rule.get().prerequisites().getFirst(), 0), depth));
      }
    }
    String canonical = path.replaceAll("[^A-Za-z0-9_]", "_");
    if (make.has(canonical + "_SOURCES") || make.has("nodist_" + canonical + "_SOURCES")) {
      List<Def> imports = new ArrayList<>();
      if (!make.value(canonical + "_AR").isBlank()) {
        imports.add(def(stem(fileName)).orElseThrow(() -> new LibcException("no .def file for " + path)));
      }
      return Optional.of(new Archive(fileName, imports, compiles(canonical, fileName)));
    }
    if (fileName.startsWith("lib") && fileName.endsWith(".a")) {
      String stem = stem(fileName);
      if (stem.endsWith("_def")) {
        stem = stem.substring(0, stem.length() - 4);
      }
      return def(stem).map(d -> new Archive(fileName, List.of(d), List.of()));
    }
    return Optional.empty();
  }

  private static String stem(String fileName) {
    return fileName.substring(3, fileName.length() - 2);
  }

  /** An {@code ar -M} script: CREATE, ADDLIB and ADDMOD lines merge libraries into one. */
  private Archive mri(String fileName, String script, int depth) throws LibcException {
    List<String> lines;
    try {
      lines = Files.readAllLines(crtDir.resolve(script), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new LibcException("cannot read " + crtDir.resolve(script) + ": the mingw-w64 source tree is incomplete");
    }
    List<Def> imports = new ArrayList<>();
    List<Compile> compiles = new ArrayList<>();
    for (String l : lines) {
      String[] w = l.strip().split("\\s+");
      if (w.length == 2 && w[0].equalsIgnoreCase("ADDLIB")) {
        Archive part = archive(target.libDir + "/" + w[1], depth + 1)
            .orElseThrow(() -> new LibcException(script + ": no rule for " + w[1]));
        imports.addAll(part.imports());
        compiles.addAll(part.compiles());
      }
    }
    return new Archive(fileName, imports, compiles);
  }

  private List<Compile> compiles(String canonical, String library) throws LibcException {
    List<String> sources = new ArrayList<>(make.words(canonical + "_SOURCES"));
    sources.addAll(make.words("nodist_" + canonical + "_SOURCES"));
    // automake: a target's own _CPPFLAGS/_CFLAGS replace AM_CPPFLAGS/AM_CFLAGS.
    String cpp = make.has(canonical + "_CPPFLAGS") ? make.value(canonical + "_CPPFLAGS") : make.value("AM_CPPFLAGS");
    String cflags = make.has(canonical + "_CFLAGS") ? make.value(canonical + "_CFLAGS") : make.value("AM_CFLAGS");
    String ccasflags = make.value("AM_CCASFLAGS");
    String common = make.value("DEFS") + " " + make.value("DEFAULT_INCLUDES") + " " + cpp;
    Set<String> seen = new LinkedHashSet<>();
    List<Compile> out = new ArrayList<>();
    for (String s : sources) {
      if (!seen.add(s)) {
        continue;
      }
      String lower = s.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".c")) {
        out.add(new Compile(library, s, MakefileAm.split(common + " " + cflags + " " + make.value("CFLAGS"))));
      } else if (s.endsWith(".S") || s.endsWith(".s")) {
        out.add(new Compile(library, s, MakefileAm.split(common + " " + ccasflags + " " + make.value("CCASFLAGS"))));
      } else if (lower.endsWith(".cpp") || lower.endsWith(".cc")) {
        throw new LibcException(library + ": C++ source " + s + " is not supported");
      }
      // headers, .def.in and .mri files are listed for dependency tracking only
    }
    return out;
  }

  /**
   * The .def for DLL {@code stem}, as the pattern rules find it: {@code lib64/X.def}, else one made
   * from {@code lib64/X.def.in} or {@code lib-common/X.def.in} by the preprocessor, else {@code lib-common/X.def}.
   */
  Optional<Def> def(String stem) {
    String d = target.libDir;
    for (String[] c : new String[][] {{d + "/" + stem + ".def", "n"}, {d + "/" + stem + ".def.in", "y"},
        {"lib-common/" + stem + ".def.in", "y"}, {"lib-common/" + stem + ".def", "n"}}) {
      if (Files.isRegularFile(crtDir.resolve(c[0]))) {
        return Optional.of(new Def(stem, c[0], c[1].equals("y")));
      }
    }
    return Optional.empty();
  }

  /** The flags of the Makefile's {@code lib64/%.def: lib-common/%.def.in} rule, after {@code $(CPP)}. */
  List<String> defPreprocessFlags() {
    return List.of("-x", "c", "-Wp,-w", "-undef", "-P", "-I" + crtDir.resolve("def-include"), "-D" + target.defMacro);
  }

  /** Sources the Makefile writes itself ({@code _libm_dummy.c}: an {@code echo} rule); name to content. */
  Map<String, String> generatedSources() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String s : make.words("BUILT_SOURCES")) {
      make.ruleFor(s, crtDir).ifPresent(r -> {
        for (String line : r.recipe()) {
          Matcher m = ECHO.matcher(line.strip());
          if (m.matches() && m.group(2).equals(s)) {
            out.put(s, m.group(1) + "\n");
          }
        }
      });
    }
    return out;
  }
}
