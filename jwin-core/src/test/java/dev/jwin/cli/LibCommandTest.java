package dev.jwin.cli;

import static dev.jwin.cli.DlltoolCommandTest.assertOneError;
import static dev.jwin.cli.DlltoolCommandTest.jwin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.ArchiveWriter;
import dev.jwin.archive.ImportLibraryWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibCommandTest {
  @TempDir Path dir;

  /** A minimal x64 COFF object defining one external symbol in section 1. */
  static byte[] object(int machine, String symbol) {
    ByteBuffer b = ByteBuffer.allocate(20 + 18 + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) machine).putShort((short) 0).putInt(0).putInt(20).putInt(1).putInt(0);
    byte[] name = new byte[8];
    System.arraycopy(symbol.getBytes(), 0, name, 0, symbol.length());
    b.put(name).putInt(0).putShort((short) 1).putShort((short) 0).put((byte) 2).put((byte) 0);
    b.putInt(4);
    return b.array();
  }

  private Path file(String name, byte[] data) throws Exception {
    return Files.write(dir.resolve(name), data);
  }

  private List<String> list(Path lib) {
    DlltoolCommandTest.Result r = jwin("lib", "/LIST", lib.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    return r.out().lines().toList();
  }

  @Test
  void createsArchiveFromObjectsAndFlattensArchives() throws Exception {
    Path a = file("a.obj", object(0x8664, "alpha"));
    Path b = file("b.obj", object(0x8664, "beta"));
    Path inner = dir.resolve("inner.lib");
    assertThat(jwin("lib", "/out:" + inner, b.toString()).rc()).isZero();
    Path out = dir.resolve("out.lib");
    DlltoolCommandTest.Result r = jwin("lib", "-OUT:" + out, a.toString(), inner.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(list(out)).containsExactly("a.obj", "b.obj");
    assertThat(ArchiveWriter.symbolsOf(object(0x8664, "alpha"))).containsExactly("alpha");
    String s = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(s).contains("alpha\0", "beta\0");
  }

  @Test
  void defaultOutputNameAndResponseFiles() throws Exception {
    Path a = file("first.obj", object(0x14c, "x"));
    Path rsp = Files.writeString(dir.resolve("args.rsp"), "/NOLOGO \"" + a + "\"\n");
    DlltoolCommandTest.Result r = jwin("lib", "@" + rsp);
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(list(dir.resolve("first.lib"))).containsExactly("first.obj");
  }

  @Test
  void importLibraryFromDef() throws Exception {
    Path def = Files.writeString(dir.resolve("k.def"), "LIBRARY kernel32\nEXPORTS\nGetTickCount\n");
    Path out = dir.resolve("k.lib");
    DlltoolCommandTest.Result r = jwin("lib", "/def:" + def, "/Machine:X64", "/name:renamed.dll", "/out:" + out);
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(list(out)).containsOnly("renamed.dll").hasSize(4);
    DlltoolCommandTest.Result implicit = jwin("lib", "/def:" + def, "/machine:x86", "/out:" + dir.resolve("i.lib"));
    assertThat(implicit.rc()).isZero();
    String s = new String(Files.readAllBytes(dir.resolve("i.lib")), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(s).contains("_GetTickCount\0kernel32.dll\0");
  }

  @Test
  void errors() throws Exception {
    Path x64 = file("x64.obj", object(0x8664, "a"));
    Path x86 = file("x86.obj", object(0x14c, "b"));
    Path out = dir.resolve("o.lib");
    assertOneError(jwin("lib", "/out:" + out, x64.toString(), x86.toString()),
        x86 + ": machine type x86 conflicts with library machine type x64 (from " + x64 + ")");
    assertThat(out).doesNotExist();
    assertOneError(jwin("lib", "/machine:arm64", "/out:" + out, x64.toString()),
        x64 + ": machine type x64 conflicts with library machine type arm64 (from /MACHINE:)");
    assertOneError(jwin("lib", "/out:" + out), "no input files");
    assertOneError(jwin("lib", "/machine:sparc", x64.toString()),
        "unknown /MACHINE: value: sparc (expected x86, x64, arm or arm64)");
    assertOneError(jwin("lib", "/list", x64.toString()), x64 + ": not an archive");
    assertOneError(jwin("lib", "/out"), "/out: missing argument (use /out:VALUE)");
    Path def = Files.writeString(dir.resolve("bad.def"), "EXPORTS\n a @1\n b @1\n");
    assertOneError(jwin("lib", "/def:" + def, "/machine:x64", "/name:a.dll"),
        def + ":3:2: duplicate ordinal 1 for 'b' (already used by 'a' at line 2)");
    assertOneError(jwin("lib", "/def:" + def, "/machine:x64", x64.toString()), "/DEF: cannot be combined with input files");
    Path corrupt = Files.writeString(dir.resolve("corrupt.lib"), "!<arch>\nshort");
    assertOneError(jwin("lib", "/out:" + out, corrupt.toString()),
        corrupt + ": archive member header at offset 8 extends past the end of the file");
    assertOneError(jwin("lib", "@" + dir.resolve("none.rsp")),
        "cannot open response file " + dir.resolve("none.rsp") + ": no such file or directory: " + dir.resolve("none.rsp"));
  }

  @Test
  void emptyLibraryOnRequest() throws Exception {
    Path out = dir.resolve("empty.lib");
    assertThat(jwin("lib", "/llvmlibempty", "/out:" + out).rc()).isZero();
    assertThat(list(out)).isEmpty();
  }

  @Test
  void tokenize() {
    assertThat(LibCommand.tokenize(" a \"b c\"  d\\\"e\n\"\"")).containsExactly("a", "b c", "d\"e", "");
  }

  @Test
  void listsImportLibraryMembersWithLongNames() throws Exception {
    Path lib = dir.resolve("long.lib");
    Files.write(lib, ImportLibraryWriter.write("api-ms-win-core-synch-l1-2-0.dll", dev.jwin.coff.Machine.AMD64,
        List.of(), ArchiveWriter.Format.GNU));
    assertThat(list(lib)).containsOnly("api-ms-win-core-synch-l1-2-0.dll").hasSize(3);
  }
}
