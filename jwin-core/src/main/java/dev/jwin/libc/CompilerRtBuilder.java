package dev.jwin.libc;

import dev.jwin.archive.ArchiveWriter;
import dev.jwin.cache.Cache;
import dev.jwin.cache.CacheKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds compiler-rt's builtins for a target into the cache ({@code lib/libclang_rt.builtins-<arch>.a}:
 * 64-bit division on 32-bit machines, 128-bit arithmetic, soft-float conversions, {@code __chkstk},
 * outline atomics) and jwin's own {@code lib/libjwin_freestanding-<arch>.a} with the
 * {@code memcpy}/{@code memmove}/{@code memset}/{@code memcmp} that compilers call and that
 * freestanding programs (UEFI applications, {@code -ffreestanding -nostdlib}) have nowhere else.
 * Each object is its own cache entry, as for the mingw-w64 runtime.
 */
final class CompilerRtBuilder {
  /** Bumped whenever the way jwin assembles these libraries changes. */
  static final String BUILDER_REVISION = "compiler-rt-1";

  /** jwin's freestanding C sources, shipped as resources next to this class. */
  static final List<String> FREESTANDING_SOURCES = List.of("memcpy.c", "memmove.c", "memset.c", "memcmp.c");

  /** Flags for the freestanding sources: no library to call, so clang must not turn their loops back into calls. */
  static final List<String> FREESTANDING_FLAGS = List.of("-O2", "-ffreestanding", "-fno-builtin");

  /** What a build did. */
  record Summary(Cache.Entry entry, boolean upToDate, int objects, int compiled) {
    Path dir() {
      return entry.dir();
    }

    Path builtins(Target t) {
      return dir().resolve("lib").resolve(CompilerRtPlan.archiveName(t));
    }

    Path freestanding(Target t) {
      return dir().resolve("lib").resolve(freestandingName(t));
    }
  }

  static String freestandingName(Target t) {
    return CompilerRtPlan.archiveName(t).replace("clang_rt.builtins", "jwin_freestanding");
  }

  private final ClangSteps steps;
  private final LlvmSource source;
  private final Target target;
  private final String jwinVersion;
  private final Cache.Entry headers;

  /** {@code headers}: jwin's installed mingw-w64 headers (the builtins' few hosted files include stdio.h, windows.h). */
  CompilerRtBuilder(ClangSteps steps, LlvmSource source, Target target, String jwinVersion, Cache.Entry headers) {
    this.steps = steps;
    this.headers = headers;
    this.source = source;
    this.target = target;
    this.jwinVersion = jwinVersion;
  }

  String key() {
    return new CacheKey("compiler-rt").add("jwin", jwinVersion).add("builder", BUILDER_REVISION)
        .add("clang", steps.clang().identity()).add("target", target.name).add("source", source.root().toString())
        .add("headers", headers.dir().toString()).add("cflags", CompilerRtPlan.RELEASE_FLAGS).hex();
  }

  /** The directory holding {@code lib/}, built first when missing or out of date. */
  Summary build() throws LibcException {
    String key = key();
    Optional<Cache.Entry> hit = steps.cache().lookup(key);
    if (hit.isPresent()) {
      return new Summary(hit.get(), true, 0, 0);
    }
    int[] counts = new int[2];
    int before = steps.jobs().compiled();
    Cache.Entry e = steps.publish(key, "compiler-rt " + target.name, dir -> {
      RuntimeBuilder.Inputs inputs = new RuntimeBuilder.Inputs();
      Path builtinsDir = source.builtinsDir();
      List<CompilerRtPlan.Compile> plan = CompilerRtPlan.load(builtinsDir, target, acceptsFloat16(dir));
      inputs.add(List.of(builtinsDir.resolve("CMakeLists.txt")));
      inputs.addEntry(headers);
      Cache.Entry sources = freestandingSources();
      inputs.addEntry(sources);
      List<CompilerRtPlan.Compile> fs = new ArrayList<>();
      for (String name : FREESTANDING_SOURCES) {
        fs.add(new CompilerRtPlan.Compile(sources.dir().resolve(name), name.replace(".c", ".o"), FREESTANDING_FLAGS));
      }
      Path lib = Files.createDirectories(dir.resolve("lib"));
      writeArchive(compile("builtins", plan, builtinsDir, inputs), lib.resolve(CompilerRtPlan.archiveName(target)));
      writeArchive(compile("freestanding", fs, sources.dir(), inputs), lib.resolve(freestandingName(target)));
      counts[0] = plan.size() + fs.size();
      return inputs.built();
    });
    return new Summary(e, false, counts[0], steps.jobs().compiled() - before);
  }

  private List<ArchiveWriter.Member> compile(String library, List<CompilerRtPlan.Compile> compiles, Path workDir,
      RuntimeBuilder.Inputs inputs) throws LibcException, IOException {
    List<Jobs.Job<Cache.Entry>> work = new ArrayList<>();
    for (CompilerRtPlan.Compile c : compiles) {
      if (!Files.isRegularFile(c.source())) {
        throw new LibcException("missing " + c.source() + " (listed in compiler-rt's CMakeLists.txt): the LLVM source"
            + " tree is incomplete; unpack it again or let jwin fetch it (unset JWIN_LLVM_SRC)");
      }
      List<String> args = new ArrayList<>(List.of("--target=" + target.triple, "-nostdlibinc", "-isystem",
          headers.dir().resolve("include").toString()));
      args.addAll(c.flags());
      args.addAll(List.of("-c", c.source().toString()));
      String label = library + ": " + workDir.relativize(c.source());
      work.add(new Jobs.Job<>(label, () -> steps.run("cc", label, args, c.source(), "object.o", workDir)));
    }
    List<Cache.Entry> entries = steps.jobs().run(work);
    List<ArchiveWriter.Member> members = new ArrayList<>();
    for (int i = 0; i < compiles.size(); i++) {
      inputs.addEntry(entries.get(i));
      members.add(ArchiveWriter.Member.of(compiles.get(i).objectName(),
          Files.readAllBytes(entries.get(i).dir().resolve("object.o"))));
    }
    return members;
  }

  private static void writeArchive(List<ArchiveWriter.Member> members, Path out) throws IOException {
    Files.write(out, ArchiveWriter.write(members, ArchiveWriter.Format.GNU));
  }

  /** configure's COMPILER_RT_HAS_FLOAT16 check: does clang accept {@code _Float16} for this target? */
  private boolean acceptsFloat16(Path scratch) throws IOException {
    Path probe = scratch.resolve("float16.c");
    Files.writeString(probe, "_Float16 f(_Float16 x) { return x; }\n", StandardCharsets.UTF_8);
    Clang.Result r = steps.clang().run(List.of("--target=" + target.triple, "-fsyntax-only", probe.toString()), scratch);
    Files.delete(probe);
    return r.exitCode() == 0;
  }

  /** jwin's freestanding sources as files (clang reads files; the cache records them as inputs). */
  private Cache.Entry freestandingSources() throws LibcException {
    List<String> texts = new ArrayList<>();
    for (String name : FREESTANDING_SOURCES) {
      try (InputStream in = CompilerRtBuilder.class.getResourceAsStream("freestanding/" + name)) {
        if (in == null) {
          throw new LibcException("jwin is incomplete: resource freestanding/" + name + " is missing");
        }
        texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new LibcException("cannot read jwin's resource freestanding/" + name + ": " + e.getMessage());
      }
    }
    String key = new CacheKey("freestanding-sources").add("jwin", jwinVersion).add("sources", texts).hex();
    return steps.publish(key, "freestanding sources", dir -> {
      for (int i = 0; i < texts.size(); i++) {
        Files.writeString(dir.resolve(FREESTANDING_SOURCES.get(i)), texts.get(i), StandardCharsets.UTF_8);
      }
      return new Cache.Built(List.of(), true);
    });
  }
}
