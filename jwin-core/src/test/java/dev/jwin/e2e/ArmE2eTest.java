package dev.jwin.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * aarch64 (ARM64) and armv7 (ARMNT, Thumb-2) links compared structurally with lld-link-14: no ARM mingw
 * runtime exists in Debian, so the programs under src/test/c/e2e/arm are runtime-free (their own entry
 * point, kernel32 through an llvm-dlltool import library), compiled by clang-14 for aarch64-w64-windows-gnu
 * and armv7-w64-windows-gnu.
 * Both linkers get the same arguments; {@code llvm-readobj --file-headers --sections --coff-imports
 * --coff-exports --coff-basereloc} and {@code llvm-objdump -d} must agree, timestamps and checksums aside.
 */
class ArmE2eTest {
  static final Path SRC = E2eCase.SRC.resolve("arm");

  /** A machine: clang's triple, llvm-dlltool's -m, the range-thunk test's sources and where its callee is. */
  enum Target {
    ARM64("aarch64-w64-windows-gnu", "arm64", List.of("far_call.s", "padding.s", "far_function.s"), "0x140001100",
        "0x148001000"),
    ARMV7("armv7-w64-windows-gnu", "arm", List.of("far_call_armv7.s", "padding_armv7.s", "far_function_armv7.s"),
        "0x401100", "0x1401000");

    final String triple, dlltoolMachine, startEnd, farStart;
    final List<String> thunkSources;

    Target(String triple, String dlltoolMachine, List<String> thunkSources, String startEnd, String farStart) {
      this.triple = triple;
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
      List<String> text = new ArrayList<>();
      Proc.Result ro = Proc.check(List.of(Tools.READOBJ, "--file-headers", "--sections", "--coff-imports",
          "--coff-exports", "--coff-basereloc", out.toString()), d, name + ".readobj", Duration.ofSeconds(60));
      ro.stdoutText().lines().filter(l -> !l.startsWith("File:") && !l.contains("TimeDateStamp")
          && !l.contains("CheckSum")).forEach(text::add);
      List<String> dis = new ArrayList<>(List.of(DllTools.OBJDUMP, "-d"));
      dis.addAll(List.of(objdumpRange));
      dis.add(out.toString());
      Proc.check(dis, d, name + ".objdump", Duration.ofSeconds(120)).stdoutText().lines()
          .filter(l -> !l.contains("file format")).forEach(text::add);
      texts.add(text);
    }
    if (!texts.get(0).equals(texts.get(1)))
      problems.add(name + ": llvm-readobj/llvm-objdump differ:\n" + DllE2eTest.lineDiff(texts.get(0), texts.get(1)));
    return problems;
  }

  private static void failIfAny(List<String> problems) {
    if (!problems.isEmpty()) throw new AssertionError(String.join("\n\n", problems));
  }
}
