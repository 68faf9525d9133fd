package dev.jwin.cc;

import dev.jwin.coff.Machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwin.cc.Invocation.FileItem;
import dev.jwin.cc.Invocation.Language;
import dev.jwin.cc.Invocation.LibraryItem;
import dev.jwin.cc.Invocation.SourceItem;
import dev.jwin.cc.Invocation.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gcc options → Invocation, and GNU ld's -Wl, spelling → lld-link options. */
class CcCommandLineTest {
  @TempDir Path dir;

  private static Invocation parse(String... args) throws CcException {
    return CommandLine.parse(List.of(args), false);
  }

  @Test
  void compileOptionsGoToClangInOrder() throws CcException {
    Invocation inv = parse("-c", "-O2", "-g", "-Iinc", "-I", "inc2", "-isystem", "sys", "-DX=1", "-D", "Y", "-UZ",
        "-std=c11", "-Wall", "-Wno-unused", "-fno-strict-aliasing", "-march=x86-64-v2", "a.c", "-o", "a.o");
    assertThat(inv.stage).isEqualTo(Stage.COMPILE);
    assertThat(inv.output).isEqualTo("a.o");
    assertThat(inv.debug).isTrue();
    assertThat(inv.compileFlags).containsExactly("-O2", "-g", "-Iinc", "-Iinc2", "-isystem", "sys", "-DX=1", "-DY",
        "-UZ", "-std=c11", "-Wall", "-Wno-unused", "-fno-strict-aliasing", "-march=x86-64-v2");
    assertThat(inv.sources).containsExactly(new Invocation.Source("a.c", Language.C));
  }

  @Test
  void inputsKeepCommandLineOrderAndAreClassifiedBySuffix() throws CcException {
    Invocation inv = parse("main.c", "x.o", "-lfoo", "y.obj", "-L", "libs", "-Lmore", "z.a", "w.lib", "s.S", "t.s",
        "exports.def", "app.res", "k.cpp");
    assertThat(inv.linkOrder).containsExactly(new SourceItem(0), new FileItem("x.o", false), new LibraryItem("foo"),
        new FileItem("y.obj", false), new FileItem("z.a", false), new FileItem("w.lib", false), new SourceItem(1),
        new SourceItem(2), new SourceItem(3));
    assertThat(inv.sources).extracting(Invocation.Source::language)
        .containsExactly(Language.C, Language.ASM_CPP, Language.ASM, Language.CXX);
    assertThat(inv.libDirs).containsExactly("libs", "more");
    assertThat(inv.defFiles).containsExactly("exports.def");
    assertThat(inv.resFiles).containsExactly("app.res");
    assertThat(inv.cxxLink()).isTrue();
  }

  @Test
  void targetsInZigAndClangSpelling() throws CcException {
    assertThat(parse("-target", "x86_64-w64-mingw32", "a.c").target).isEqualTo(Target.DEFAULT);
    assertThat(parse("--target=x86_64-windows-gnu", "a.c").target).isEqualTo(Target.DEFAULT);
    assertThat(parse("--target=x86_64-w64-windows-gnu", "a.c").target).isEqualTo(Target.DEFAULT);
    assertThat(parse("--target=i686-w64-mingw32", "a.c").target.arch()).isEqualTo(Machine.I386);
    assertThat(parse("--target=aarch64-windows-gnu", "a.c").target.arch()).isEqualTo(Machine.ARM64);
    Target msvc = parse("--target=x86_64-pc-windows-msvc", "a.c").target;
    assertThat(msvc.abi()).isEqualTo(Target.Abi.MSVC);
    assertThat(msvc.objectSuffix()).isEqualTo(".obj");
    assertThat(Target.DEFAULT.objectSuffix()).isEqualTo(".o");
    assertThat(parse("--target=x86_64-uefi", "a.c").target.os()).isEqualTo(Target.Os.UEFI);
    assertThat(parse("a.c").target.clangTriple()).isEqualTo("x86_64-w64-windows-gnu");
  }

  @Test
  void linkerOptionsAreTranslatedFromGnuLdSpelling() throws CcException {
    Invocation inv = parse("a.o", "-Wl,--out-implib,libfoo.dll.a", "-Wl,--subsystem,windows", "-Wl,--entry=start",
        "-Wl,--stack,0x200000", "-Wl,--image-base,0x10000000", "-Wl,--export-all-symbols", "-Wl,--kill-at",
        "-Wl,--gc-sections", "-Wl,-s", "-Xlinker", "--nxcompat", "-Wl,-Map,out.map", "-Wl,--no-insert-timestamp");
    assertThat(inv.implib).isEqualTo("libfoo.dll.a");
    assertThat(inv.subsystem).isEqualTo("windows");
    assertThat(inv.entry).isEqualTo("start");
    assertThat(inv.gcSections).isTrue();
    assertThat(inv.strip).isTrue();
    assertThat(inv.linkerFlags).containsExactly("-stack:0x200000", "-base:0x10000000", "-export-all-symbols",
        "-kill-at", "-lldmap:out.map", "-timestamp:0");
  }

  @Test
  void subsystemVersionAndWholeArchive() throws CcException {
    Invocation inv = parse("-Wl,--subsystem=console:6.1", "-Wl,--whole-archive", "objs.a", "-Wl,--no-whole-archive",
        "other.a", "-Wl,-Lx,-lbar");
    assertThat(inv.subsystem).isEqualTo("console");
    assertThat(inv.subsystemMajor).isEqualTo(6);
    assertThat(inv.subsystemMinor).isEqualTo(1);
    assertThat(inv.linkOrder).containsExactly(new FileItem("objs.a", true), new FileItem("other.a", false),
        new LibraryItem("bar"));
    assertThat(inv.libDirs).containsExactly("x");
  }

  @Test
  void driverFlags() throws CcException {
    Invocation inv = parse("-shared", "-static", "-municode", "-mwindows", "-nostdlib", "-nostartfiles", "-v",
        "-fuse-ld=lld", "a.c");
    assertThat(inv.shared).isTrue();
    assertThat(inv.staticLink).isTrue();
    assertThat(inv.unicode).isTrue();
    assertThat(inv.subsystem).isEqualTo("windows");
    assertThat(inv.nostdlib).isTrue();
    assertThat(inv.nostartfiles).isTrue();
    assertThat(inv.verbose).isTrue();
    assertThat(inv.useLld).isTrue();
    assertThat(parse("-mconsole", "a.c").subsystem).isEqualTo("console");
    assertThat(parse("-E", "a.c").stage).isEqualTo(Stage.PREPROCESS);
    assertThat(parse("-S", "a.c").stage).isEqualTo(Stage.ASSEMBLE);
  }

  @Test
  void dependencyFileOptions() throws CcException {
    Invocation inv = parse("-MD", "-MT", "obj/a.o", "-MF", "obj/a.d", "-MP", "-c", "a.c");
    assertThat(inv.depFile).isTrue();
    assertThat(inv.depFilePath).isEqualTo("obj/a.d");
    assertThat(inv.depTargets).containsExactly("obj/a.o");
    assertThat(inv.depPhony).isTrue();
  }

  @Test
  void responseFilesWithQuotes() throws Exception {
    Path rsp = dir.resolve("args.rsp");
    Files.writeString(rsp, "-DA=\"x y\" 'b c.c'\n  -O1 @" + dir.resolve("inner.rsp") + "\n");
    Files.writeString(dir.resolve("inner.rsp"), "-lfoo\n");
    Invocation inv = parse("@" + rsp);
    assertThat(inv.compileFlags).containsExactly("-DA=x y", "-O1");
    assertThat(inv.sources).extracting(Invocation.Source::path).containsExactly("b c.c");
    assertThat(inv.linkOrder).contains(new LibraryItem("foo"));
  }

  @Test
  void badCommandLines() {
    assertThatThrownBy(() -> parse("--frobnicate", "a.c")).hasMessage("unrecognized command-line option '--frobnicate'");
    assertThatThrownBy(() -> parse("-target", "sparc-sun-solaris", "a.c")).hasMessageStartingWith("unknown target "
        + "'sparc-sun-solaris'");
    assertThatThrownBy(() -> parse("--target=x86_64-linux-gnu", "a.c")).hasMessageStartingWith("unknown target");
    assertThatThrownBy(() -> parse("-o")).hasMessage("argument to '-o' is missing (expected 1 value)");
    assertThatThrownBy(() -> parse("-O2")).hasMessage("no input files");
    assertThatThrownBy(() -> parse("-c", "a.c", "b.c", "-o", "x.o"))
        .hasMessage("cannot specify -o when generating multiple output files");
    assertThatThrownBy(() -> parse("a.o", "-Wl,--version-script,x.map"))
        .hasMessage("unsupported linker option '--version-script' in '-Wl,--version-script,x.map'");
    assertThatThrownBy(() -> parse("a.o", "-Wl,--subsystem,nonsense")).hasMessageStartingWith("unknown subsystem");
    assertThatThrownBy(() -> parse("-fuse-ld=bfd", "a.o")).hasMessageStartingWith("invalid linker name");
    assertThatThrownBy(() -> parse("-x", "fortran", "a.f")).hasMessage("language not recognized: 'fortran'");
    assertThatThrownBy(() -> parse("@" + dir.resolve("missing.rsp"))).hasMessageStartingWith("cannot read response");
  }
}
