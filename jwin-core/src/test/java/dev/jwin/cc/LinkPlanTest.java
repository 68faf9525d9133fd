package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwin.testkit.ObjectBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subsystem inference, entry points, start-up objects and default libraries per output kind. */
class LinkPlanTest {
  @TempDir Path dir;

  /** A runtime whose files are just names under /rt, so link lines read plainly. */
  static final class FakeRuntime implements Runtime {
    @Override public String describe() { return "fake"; }
    @Override public List<Path> includeDirs(boolean cxx) { return List.of(Path.of("/rt/include")); }
    @Override public List<Path> libDirs() { return List.of(Path.of("/rt/lib")); }
    @Override public Optional<Path> crtObject(String name) {
      return name.startsWith("crtbegin") || name.startsWith("crtend") ? Optional.empty() : Optional.of(Path.of("/rt/lib/" + name));
    }
    @Override public List<String> runtimeLibraries(boolean cxx, boolean staticLink) {
      return cxx ? List.of("stdc++", "mingw32", "mingwex", "msvcrt") : List.of("mingw32", "mingwex", "msvcrt");
    }
    @Override public List<Path> library(String name, boolean staticLink) { return List.of(Path.of("/rt/lib/lib" + name + ".a")); }
    @Override public String cacheIdentity() { return "fake"; }
  }

  private static Invocation inv(String... args) throws CcException {
    return CommandLine.parse(List.of(args), false);
  }

  private Path object(String... definedFunctions) throws Exception {
    ObjectBuilder b = new ObjectBuilder();
    var text = b.text();
    for (String f : definedFunctions) b.function(f, text, 0);
    b.undefined("printf");
    Path p = Files.createTempFile(dir, "o", ".o");
    Files.write(p, b.build());
    return p;
  }

  private static String subsystem(Invocation inv, EntryPoints e) {
    return EntryPoints.subsystem(inv, e);
  }

  @Test
  void subsystemFromDefinedEntryFunctions() throws Exception {
    Target t = Target.DEFAULT;
    assertThat(EntryPoints.scan(List.of(object("main")), t)).isEqualTo(new EntryPoints(true, false, false, false));
    assertThat(EntryPoints.scan(List.of(object("helper"), object("wWinMain")), t))
        .isEqualTo(new EntryPoints(false, false, false, true));
    Invocation exe = inv("a.o");
    assertThat(subsystem(exe, EntryPoints.scan(List.of(object("main")), t))).isEqualTo("console");
    assertThat(subsystem(exe, EntryPoints.scan(List.of(object("wmain")), t))).isEqualTo("console");
    assertThat(subsystem(exe, EntryPoints.scan(List.of(object("WinMain")), t))).isEqualTo("windows");
    assertThat(subsystem(exe, EntryPoints.scan(List.of(object("wWinMain")), t))).isEqualTo("windows");
    assertThat(subsystem(exe, EntryPoints.scan(List.of(object("main", "WinMain")), t))).isEqualTo("console");
    assertThat(subsystem(exe, EntryPoints.NONE)).isEqualTo("console"); // main from a library: gcc's default
    assertThat(subsystem(inv("-shared", "a.o"), new EntryPoints(true, false, false, false))).isNull();
    assertThat(subsystem(inv("--target=x86_64-uefi", "a.o"), EntryPoints.NONE)).isEqualTo("efi_application");
    assertThat(subsystem(inv("-mconsole", "a.o"), new EntryPoints(false, false, true, false))).isEqualTo("console");
    assertThat(subsystem(inv("-Wl,--subsystem,windows", "a.o"), new EntryPoints(true, false, false, false)))
        .isEqualTo("windows");
  }

  @Test
  void i386NamesAreUndecorated() throws Exception {
    Target x86 = Target.parse("i686-w64-mingw32");
    assertThat(EntryPoints.undecorate("_WinMain@16", x86)).isEqualTo("WinMain");
    assertThat(EntryPoints.undecorate("_main", x86)).isEqualTo("main");
    assertThat(EntryPoints.undecorate("_main", Target.DEFAULT)).isEqualTo("_main");
  }

  private static List<String> plan(Invocation inv, String subsystem, List<String> files, Set<String> named)
      throws CcException {
    List<Path> paths = new ArrayList<>();
    for (String f : files) paths.add(Path.of(f));
    return LinkPlan.build(inv, RuntimeFiles.resolve(inv, new FakeRuntime(), named), new LinkPlan.Inputs(paths, List.of(), named), subsystem,
        Path.of("out.exe"), inv.shared ? Path.of("libout.dll.a") : null, false);
  }

  @Test
  void consoleExecutable() throws CcException {
    assertThat(plan(inv("a.o"), "console", List.of("a.o"), Set.of())).containsExactly("-lldmingw", "-out:out.exe",
        "-machine:x64", "-debug:dwarf", "-subsystem:console", "-entry:mainCRTStartup", "-opt:noref", "-opt:noicf", "-auto-import",
        "-runtime-pseudo-reloc", "-alternatename:__image_base__=__ImageBase", "-libpath:/rt/lib", "/rt/lib/crt2.o",
        "a.o", "/rt/lib/libmingw32.a", "/rt/lib/libmingwex.a", "/rt/lib/libmsvcrt.a", "/rt/lib/libadvapi32.a",
        "/rt/lib/libkernel32.a", "/rt/lib/libntdll.a", "/rt/lib/libshell32.a", "/rt/lib/libuser32.a");
  }

  @Test
  void guiUnicodeAndDll() throws CcException {
    List<String> gui = plan(inv("-municode", "-s", "-Wl,--gc-sections", "a.o"), "windows", List.of("a.o"), Set.of());
    assertThat(gui).contains("-subsystem:windows", "-entry:WinMainCRTStartup", "/rt/lib/crt2u.o", "-opt:ref")
        .doesNotContain("-debug:dwarf", "/rt/lib/crt2.o");
    List<String> dll = plan(inv("-shared", "a.o"), null, List.of("a.o"), Set.of());
    assertThat(dll).contains("-dll", "-implib:libout.dll.a", "-entry:DllMainCRTStartup", "/rt/lib/dllcrt2.o")
        .noneMatch(a -> a.startsWith("-subsystem"));
    List<String> dll32 = plan(inv("-shared", "--target=i686-w64-mingw32", "a.o"), null, List.of("a.o"), Set.of());
    assertThat(dll32).contains("-machine:x86", "-entry:DllMainCRTStartup@12",
        "-alternatename:__image_base__=___ImageBase");
  }

  @Test
  void explicitlyNamedSystemLibrariesAreNotRepeated() throws CcException {
    List<String> a = plan(inv("a.o", "-lkernel32"), "console", List.of("a.o", "/mine/libkernel32.a"), Set.of("kernel32"));
    assertThat(a).contains("/mine/libkernel32.a").doesNotContain("/rt/lib/libkernel32.a");
  }

  @Test
  void nostdlibAndNostartfiles() throws CcException {
    List<String> bare = plan(inv("-nostdlib", "a.o"), "console", List.of("a.o"), Set.of());
    assertThat(bare).noneMatch(a -> a.startsWith("/rt/")).noneMatch(a -> a.startsWith("-entry"));
    List<String> noStart = plan(inv("-nostartfiles", "-Wl,-e,start", "a.o"), "console", List.of("a.o"), Set.of());
    assertThat(noStart).contains("-entry:start", "/rt/lib/libmsvcrt.a").doesNotContain("/rt/lib/crt2.o");
  }

  @Test
  void uefiApplication() throws CcException {
    Invocation inv = inv("--target=x86_64-uefi", "a.o");
    List<String> a = LinkPlan.build(inv, null, new LinkPlan.Inputs(List.of(Path.of("a.o")), List.of(), Set.of()),
        "efi_application", Path.of("boot.efi"), null, false);
    assertThat(a).containsExactly("-out:boot.efi", "-machine:x64", "-debug:dwarf", "-subsystem:efi_application",
        "-base:0", "-entry:EfiMain", "-opt:ref", "-merge:.rdata=.data", "-align:32", "-nodefaultlib",
        "-section:.xdata,D", "a.o");
  }

  @Test
  void msvcAbiNeedsNostdlib() throws CcException {
    Invocation inv = inv("--target=x86_64-pc-windows-msvc", "a.obj");
    assertThatThrownBy(() -> LinkPlan.build(inv, null, new LinkPlan.Inputs(List.of(Path.of("a.obj")), List.of(),
        Set.of()), "console", Path.of("a.exe"), null, false)).hasMessageContaining("Microsoft's C runtime");
    Invocation bare = inv("--target=x86_64-pc-windows-msvc", "-nostdlib", "a.obj");
    assertThat(LinkPlan.build(bare, null, new LinkPlan.Inputs(List.of(Path.of("a.obj")), List.of(), Set.of()),
        "console", Path.of("a.exe"), null, false)).doesNotContain("-lldmingw").contains("a.obj");
  }
}
