package dev.jwin.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.jwin.cli.Main;
import dev.jwin.libc.LibcCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * aarch64 (ARM64) and armv7 (ARMNT, Thumb-2) links compared structurally with lld-link-14, compiled by
 * clang-14 for aarch64-w64-windows-gnu and armv7-w64-windows-gnu: runtime-free programs under
 * src/test/c/e2e/arm (their own entry point, kernel32 through an llvm-dlltool import library), and Lua 5.4
 * as a DLL and its interpreter against jwin's own runtime for the target.
 * Both linkers get the same arguments; {@code llvm-readobj --file-headers --sections --coff-imports
 * --coff-exports --coff-basereloc} and {@code llvm-objdump -d} must agree, timestamps and checksums aside.
 */
class ArmE2eTest {
  static final Path SRC = E2eCase.SRC.resolve("arm");

  /** A machine: clang's triple, llvm-dlltool's -m, the range-thunk test's sources and where its callee is. */
  enum Target {
    ARM64("aarch64-w64-windows-gnu", "arm64", List.of("far_call.s", "padding.s", "far_function.s"), "0x140001100",
        "0x148001000", "aarch64"),
    ARMV7("armv7-w64-windows-gnu", "arm", List.of("far_call_armv7.s", "padding_armv7.s", "far_function_armv7.s"),
        "0x401100", "0x1401000", "arm");

    final String triple, dlltoolMachine, startEnd, farStart, builtins, jwinTarget;
    final List<String> thunkSources;

    Target(String triple, String dlltoolMachine, List<String> thunkSources, String startEnd, String farStart,
        String builtins) {
      this.triple = triple;
      this.builtins = builtins;
      this.jwinTarget = triple.substring(0, triple.indexOf('-')) + "-windows-gnu";
      this.dlltoolMachine = dlltoolMachine;
      this.thunkSources = thunkSources;
      this.startEnd = startEnd;
      this.farStart = farStart;
    }
  }

  @BeforeAll
  static void tools() {
    Tools.require();
    DllTools.require();
  }

  /** Two objects, imports through __imp_ pointers and a thunk, a DIR64 base relocation, .pdata/.xdata. */
  @ParameterizedTest
  @EnumSource(Target.class)
  void program(Target t) {
    Path dir = workDir(t, "program");
    List<String> objects = compile(t, dir, "program.c", "helper.c");
    Path k32 = kernel32(t, dir);
    List<String> args = new ArrayList<>(List.of("-entry:start", "-subsystem:console", "-nodefaultlib"));
    args.addAll(objects);
    args.add(k32.toString());
    failIfAny(compare(dir, "program", args, ".exe", null));
  }

  /** A DLL exporting a function and a variable (-noentry, -implib), and a program using its import library. */
  @ParameterizedTest
  @EnumSource(Target.class)
  void dllAndClient(Target t) {
    Path dir = workDir(t, "dll");
    List<String> problems = new ArrayList<>();
    List<String> dllObjects = compile(t, dir, "dll.c");
    List<String> clientObjects = compile(t, dir, "dll_client.c");
    Path k32 = kernel32(t, dir);
    for (String linker : List.of(E2eCase.REFERENCE, E2eCase.CANDIDATE)) E2eCase.mkdirs(dir.resolve(linker));
    List<String> dllArgs = new ArrayList<>(List.of("-dll", "-noentry", "-implib:IMPLIB"));
    dllArgs.addAll(dllObjects);
    problems.addAll(compare(dir, "armdll", dllArgs, ".dll", null));
    List<String> clientArgs = new ArrayList<>(List.of("-entry:start", "-subsystem:console", "-nodefaultlib"));
    clientArgs.addAll(clientObjects);
    clientArgs.add("IMPLIB");
    clientArgs.add(k32.toString());
    problems.addAll(compare(dir, "client", clientArgs, ".exe", "armdll.lib"));
    failIfAny(problems);
  }

  /**
   * Branches to a function beyond their reach (arm64: B/BL and CBZ, 128 MiB away; armv7: BL, 16 MiB away):
   * both linkers add range-extension thunks after the caller. Only the code around the caller and the
   * callee is disassembled (the rest is padding).
   */
  @ParameterizedTest
  @EnumSource(Target.class)
  void rangeExtensionThunks(Target t) {
    Path dir = workDir(t, "thunks");
    List<String> args = new ArrayList<>(List.of("-entry:start", "-subsystem:console", "-nodefaultlib"));
    args.addAll(compile(t, dir, t.thunkSources.toArray(String[]::new)));
    List<String> problems = compare(dir, "thunks", args, ".exe", null, "--stop-address=" + t.startEnd);
    problems.addAll(compare(dir, "thunks-end", List.of(), ".exe", null, "--start-address=" + t.farStart));
    failIfAny(problems);
  }

  /**
   * Lua 5.4 (Debian's lua5.4 sources through {@code scripts/get-source}) compiled against jwin's own runtime
   * for the target ({@code jwin libc}, built into {@code target/jwin-cache} on first use, with compiler-rt's
   * builtins): {@code lua54.dll} with {@code -DLUA_BUILD_AS_DLL} exporting the Lua API, and {@code lua.exe}
   * linked through its import library, both with the mingw link line {@code jwin cc} uses. As lld-link-14, jwin
   * writes the import directory unaligned right after the export names.
   */
  @ParameterizedTest
  @EnumSource(Target.class)
  void luaDllAndInterpreter(Target t) throws Exception {
    Path dir = workDir(t, "lua");
    Path src = luaSources(dir);
    Path runtime = runtime(t);
    List<String> objects = compileLua(t, runtime, src, dir);
    Path lib = runtime.resolve("lib");
    List<String> libs = new ArrayList<>(List.of(lib.resolve("libmingw32.a").toString(),
        lib.resolve("libclang_rt.builtins-" + t.builtins + ".a").toString()));
    for (String l : List.of("moldname", "mingwex", "msvcrt", "advapi32", "kernel32", "ntdll", "shell32", "user32"))
      libs.add(lib.resolve("lib" + l + ".a").toString());
    List<String> common = List.of("-lldmingw", "-machine:" + t.dlltoolMachine, "-opt:noref", "-auto-import",
        "-runtime-pseudo-reloc", "-alternatename:__image_base__=__ImageBase", "-subsystem:console");
    List<String> dll = new ArrayList<>(common);
    dll.addAll(List.of("-dll", "-entry:DllMainCRTStartup", "-implib:IMPLIB", lib.resolve("dllcrt2.o").toString(),
        lib.resolve("crtbegin.o").toString()));
    dll.addAll(objects.subList(1, objects.size()));
    dll.addAll(libs);
    dll.add(lib.resolve("crtend.o").toString());
    List<String> problems = new ArrayList<>(compare(dir, "lua54", dll, ".dll", null));
    List<String> exe = new ArrayList<>(common);
    exe.addAll(List.of("-entry:mainCRTStartup", lib.resolve("crt2.o").toString(), lib.resolve("crtbegin.o").toString(),
        objects.getFirst(), "IMPLIB"));
    exe.addAll(libs);
    exe.add(lib.resolve("crtend.o").toString());
    problems.addAll(compare(dir, "lua", exe, ".exe", "lua54.lib"));
    failIfAny(problems);
  }

  /** The Lua 5.4 source tree (its src directory), unpacked from Debian's orig tarball. */
  private static Path luaSources(Path dir) {
    Path root = E2eCase.SRC.resolve("../../../../..").normalize();
    Proc.Result r = Proc.check(List.of(root.resolve("scripts/get-source").toString(), "lua5.4"), dir, "get-source",
        Duration.ofMinutes(3));
    String[] lines = r.stdoutText().strip().split("\n");
    Path tarball = Path.of(lines[lines.length - 1].strip());
    Path tree = dir.resolve("lua5.4");
    E2eCase.mkdirs(tree);
    Proc.check(Proc.cmd("tar", "xzf", tarball, "--strip-components=1"), tree, "untar", Duration.ofMinutes(1));
    return tree.resolve("src");
  }

  /** jwin's runtime for the target, built by {@code jwin libc} into the e2e cache when it is not there. */
  private static Path runtime(Target t) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("JWIN_CACHE_DIR", LibcRuntimeE2eTest.CACHE.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    int rc = LibcCommand.main(new String[] {"path", "--target", t.jwinTarget}, env, Main.version(),
        new PrintStream(out, true), new PrintStream(err, true));
    if (rc != 0) throw new AssertionError("jwin libc path --target " + t.jwinTarget + " failed:\n" + err);
    return Path.of(out.toString().strip());
  }

  /** Compiles Lua's sources but luac.c (lua.c first) for a DLL build, two clang processes at a time. */
  private static List<String> compileLua(Target t, Path runtime, Path src, Path dir) throws Exception {
    List<String> sources = new ArrayList<>();
    try (var files = java.nio.file.Files.list(src)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c") && !n.equals("luac.c")).sorted()
          .forEach(sources::add);
    }
    sources.remove("lua.c");
    sources.addFirst("lua.c");
    List<String> objects = sources.stream().map(s -> dir.resolve(s.replace(".c", ".o")).toString()).toList();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        String s = sources.get(i), o = objects.get(i);
        jobs.add(pool.submit(() -> Proc.check(Proc.cmd(Tools.CLANG, "--target=" + t.triple, "-O2", "-DLUA_COMPAT_5_3",
            "-DLUA_BUILD_AS_DLL", "-nostdlibinc", "-isystem", runtime.resolve("include"), "-c", src.resolve(s), "-o", o),
            dir, "compile-" + s, E2eCase.COMPILE_TIMEOUT)));
      }
      for (var j : jobs) j.get();
    } finally {
      pool.shutdown();
    }
    return objects;
  }

  // ------------------------------------------------------------------

  private static Path workDir(Target t, String name) {
    Path dir = E2eCase.OUT_ROOT.resolve(t.name().toLowerCase(java.util.Locale.ROOT)).resolve(name);
    E2eCase.freshDir(dir);
    return dir;
  }


  private static List<String> compile(Target t, Path dir, String... sources) {
    List<String> objects = new ArrayList<>();
    for (String s : sources) {
      Path obj = dir.resolve(s.substring(0, s.lastIndexOf('.')) + ".o");
      Proc.check(Proc.cmd(Tools.CLANG, "--target=" + t.triple, "-O2", "-c", SRC.resolve(s), "-o", obj), dir,
          "compile-" + s, E2eCase.COMPILE_TIMEOUT);
      objects.add(obj.toString());
    }
    return objects;
  }

  private static Path kernel32(Target t, Path dir) {
    Path lib = dir.resolve("libkernel32.a");
    Proc.check(Proc.cmd(DllTools.LLVM_DLLTOOL, "-m", t.dlltoolMachine, "-d", SRC.resolve("kernel32.def"), "-l", lib), dir,
        "dlltool", Duration.ofSeconds(60));
    return lib;
  }

  /**
   * Links {@code name + ext} in {@code dir/lld-link} and {@code dir/jwin} with the same arguments ("IMPLIB"
   * stands for that directory's import library {@code implib}, or for -implib:'s value) and compares the
   * images; with empty {@code args}, compares the images already linked under that name.
   */
  private static List<String> compare(Path dir, String name, List<String> args, String ext, String implib,
      String... objdumpRange) {
    List<String> problems = new ArrayList<>();
    List<List<String>> texts = new ArrayList<>();
    for (String linker : List.of(E2eCase.REFERENCE, E2eCase.CANDIDATE)) {
      Path d = dir.resolve(linker);
      E2eCase.mkdirs(d);
      String base = name.endsWith("-end") ? name.substring(0, name.length() - 4) : name;
      Path out = d.resolve(base + ext);
      if (!args.isEmpty()) {
        List<String> a = new ArrayList<>();
        for (String x : args) {
          if (x.equals("-implib:IMPLIB")) a.add("-implib:" + d.resolve(base + ".lib"));
          else if (x.equals("IMPLIB")) a.add(d.resolve(implib).toString());
          else a.add(x);
        }
        a.add("-out:" + out);
        E2eCase.linkWith(linker, a, d, name, out);
      }
      texts.add(ImageText.of(out, name, objdumpRange));
    }
    problems.addAll(ImageText.diff(name, texts.get(0), texts.get(1)));
    return problems;
  }

  private static void failIfAny(List<String> problems) {
    if (!problems.isEmpty()) throw new AssertionError(String.join("\n\n", problems));
  }
}
