package dev.jwin.cc;

import dev.jwin.coff.Machine;

import dev.jwin.archive.ArchiveWriter;
import dev.jwin.archive.Decoration;
import dev.jwin.archive.DefFile;
import dev.jwin.archive.ImportLibraryWriter;
import dev.jwin.archive.ModuleDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Import libraries made on demand from mingw-w64's module-definition files ({@code mingw-w64-crt/lib64/foo.def},
 * {@code lib-common/foo.def.in}, ...), for {@code -lfoo} when no library directory has one. A {@code .def.in}
 * is run through clang's preprocessor with mingw-w64's {@code DEF_X64}/{@code DEF_I386}/{@code DEF_ARM64}
 * selection, as mingw-w64's own build does. Results are cached by the .def's contents.
 */
final class DefImportLibraries {
  private final Path crtSource;
  private final Target target;
  private final ArtifactCache cache;
  private final FileHashes hashes;
  private final String clang;

  DefImportLibraries(Path crtSource, Target target, ArtifactCache cache, FileHashes hashes, String clang) {
    this.crtSource = crtSource;
    this.target = target;
    this.cache = cache;
    this.hashes = hashes;
    this.clang = clang;
  }

  private String archDir() {
    return switch (target.arch()) {
      case AMD64 -> "lib64";
      case I386 -> "lib32";
      case ARM64 -> "libarm64";
      case ARMNT -> "libarm32";
    };
  }

  /** The .def (or .def.in) mingw-w64 has for {@code name}, if any. */
  Optional<Path> definition(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String dir : List.of(archDir(), "lib-common"))
      for (String suffix : List.of(".def", ".def.in")) {
        Path p = crtSource.resolve(dir).resolve(n + suffix);
        if (Files.isRegularFile(p)) return Optional.of(p);
        hashes.absent(p); // one appearing here later would be used instead
      }
    return Optional.empty();
  }

  /** The import library for {@code name}, generated and cached on first use; empty without a .def. */
  Optional<Path> library(String name) throws CcException {
    Optional<Path> def = definition(name);
    if (def.isEmpty()) return Optional.empty();
    try {
      String key = FileHashes.key("implib 1\n" + target + "\n" + def.get() + "\n" + hashes.hash(def.get()) + "\n"
          + (def.get().toString().endsWith(".in") ? hashes.hash(crtSource.resolve("def-include/func.def.in")) : ""));
      Path hit = cache.lookup(key);
      if (hit != null) return Optional.of(hit.resolve("lib" + name + ".a"));
      String text = def.get().toString().endsWith(".in") ? preprocess(def.get()) : Files.readString(def.get(),
          StandardCharsets.ISO_8859_1);
      ModuleDefinition md = DefFile.parse(def.get().toString(), quoteKeywordLikeNames(text));
      String dll = md.outputFile() != null && !md.outputFile().isEmpty() ? md.outputFile() : name + ".dll";
      Machine machine = target.arch();
      // mingw-w64 builds its 32-bit import libraries with dlltool -k (stdcall names without @n).
      var options = new Decoration.Options(target.arch() == Machine.I386, true, true);
      byte[] archive = ImportLibraryWriter.write(dll, machine, Decoration.entries(md.exports(), machine, options),
          ArchiveWriter.Format.COFF);
      Path stage = cache.stagingDir();
      Files.write(stage.resolve("lib" + name + ".a"), archive);
      return Optional.of(cache.publish(key, stage).resolve("lib" + name + ".a"));
    } catch (DefFile.ParseException e) {
      throw new CcException(e.diagnostic());
    } catch (IOException e) {
      throw new CcException("cannot make the import library for -l" + name + ": " + e.getMessage());
    }
  }

  private static final java.util.Set<String> KEYWORDS = java.util.Set.of("LIBRARY", "NAME", "EXPORTS", "HEAPSIZE",
      "STACKSIZE", "VERSION", "SECTIONS", "SEGMENTS", "DATA", "PRIVATE", "CONSTANT", "NONAME", "BASE");

  /**
   * mingw-w64's .def files export functions such as {@code HeapSize} whose names only differ in case
   * from a module-definition keyword; llvm-dlltool's keywords are case-sensitive, jwin's parser is not,
   * so such a name at the start of an export line is quoted.
   */
  static String quoteKeywordLikeNames(String text) {
    StringBuilder b = new StringBuilder(text.length() + 64);
    for (String line : text.split("\n", -1)) {
      String trimmed = line.stripLeading();
      int end = 0;
      while (end < trimmed.length() && (Character.isLetterOrDigit(trimmed.charAt(end)) || trimmed.charAt(end) == '_'))
        end++;
      String word = trimmed.substring(0, end);
      if (!word.isEmpty() && KEYWORDS.contains(word.toUpperCase(Locale.ROOT)) && !KEYWORDS.contains(word))
        line = "\"" + word + "\"" + trimmed.substring(end);
      b.append(line).append('\n');
    }
    return b.toString();
  }

  private String preprocess(Path defIn) throws CcException, IOException {
    String define = switch (target.arch()) {
      case AMD64 -> "-DDEF_X64";
      case I386 -> "-DDEF_I386";
      case ARM64 -> "-DDEF_ARM64";
      case ARMNT -> "-DDEF_ARM32";
    };
    List<String> cmd = new ArrayList<>(List.of(clang, "-E", "-P", "-x", "c", "-undef", "-Wp,-w", "-nostdinc",
        "-I" + crtSource.resolve("def-include"), define, defIn.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    try {
      if (p.waitFor() != 0)
        throw new CcException("preprocessing " + defIn + " failed: " + new String(err, StandardCharsets.UTF_8).strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CcException("interrupted");
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }
}
