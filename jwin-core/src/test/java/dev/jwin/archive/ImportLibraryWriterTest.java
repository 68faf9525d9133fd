package dev.jwin.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwin.archive.ImportLibraryWriter.ImportType;
import dev.jwin.coff.Machine;
import dev.jwin.archive.ImportLibraryWriter.NameType;
import dev.jwin.archive.ImportLibraryWriter.ShortImport;
import dev.jwin.archive.ImportLibraryWriter.WeakAlias;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportLibraryWriterTest {
  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String sectionName(ByteBuffer b, int header) {
    return new String(b.array(), header, 8, StandardCharsets.ISO_8859_1).replace("\0", "");
  }

  /** The symbol names of a regular COFF object, in table order, aux records skipped. */
  private static List<String> symbolNames(byte[] obj) {
    ByteBuffer b = le(obj);
    int table = b.getInt(8);
    int count = b.getInt(12);
    int strings = table + 18 * count;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int at = table + 18 * i;
      int start = b.getInt(at) == 0 ? strings + b.getInt(at + 4) : at;
      int end = start;
      while (end < obj.length && obj[end] != 0 && (b.getInt(at) == 0 || end < at + 8)) {
        end++;
      }
      out.add(new String(obj, start, end - start, StandardCharsets.ISO_8859_1));
      i += obj[at + 17];
    }
    return out;
  }

  @Test
  void shortImportHeader() {
    byte[] m = ImportLibraryWriter.shortImport("kernel32.dll", Machine.I386,
        new ShortImport("_Sleep@4", 7, ImportType.DATA, NameType.NAME_UNDECORATE, null));
    ByteBuffer b = le(m);
    assertThat(b.getShort(0)).isEqualTo((short) 0); // Sig1
    assertThat(b.getShort(2)).isEqualTo((short) 0xFFFF); // Sig2
    assertThat(b.getShort(4)).isEqualTo((short) 0); // Version
    assertThat(b.getShort(6) & 0xFFFF).isEqualTo(0x14c);
    assertThat(b.getInt(8)).isZero(); // TimeDateStamp
    assertThat(b.getInt(12)).isEqualTo("_Sleep@4\0kernel32.dll\0".length());
    assertThat(b.getShort(16)).isEqualTo((short) 7);
    assertThat(b.getShort(18)).isEqualTo((short) (1 | 3 << 2));
    assertThat(new String(m, 20, m.length - 20, StandardCharsets.ISO_8859_1)).isEqualTo("_Sleep@4\0kernel32.dll\0");
  }

  @Test
  void shortImportWithExportAs() {
    byte[] m = ImportLibraryWriter.shortImport("a.dll", Machine.ARM64,
        new ShortImport("f", 0, ImportType.CODE, NameType.NAME_EXPORTAS, "g"));
    assertThat(le(m).getShort(18)).isEqualTo((short) (4 << 2));
    assertThat(new String(m, 20, m.length - 20, StandardCharsets.ISO_8859_1)).isEqualTo("f\0a.dll\0g\0");
    assertThat(le(m).getInt(12)).isEqualTo(m.length - 20);
  }

  @Test
  void importDescriptorLayout() {
    for (Machine machine : Machine.values()) {
      byte[] m = ImportLibraryWriter.importDescriptor("my.dll", machine);
      ByteBuffer b = le(m);
      assertThat(b.getShort(0) & 0xFFFF).isEqualTo(machine.value);
      assertThat(b.getShort(2)).isEqualTo((short) 2);
      assertThat(b.getShort(18)).isEqualTo((short) (machine.is64Bit() ? 0 : 0x100));
      assertThat(sectionName(b, 20)).isEqualTo(".idata$2");
      assertThat(sectionName(b, 60)).isEqualTo(".idata$6");
      assertThat(b.getInt(20 + 16)).isEqualTo(20); // SizeOfRawData
      assertThat(b.getShort(20 + 32)).isEqualTo((short) 3); // NumberOfRelocations
      assertThat(b.getInt(20 + 36)).isEqualTo(0xC0300040);
      assertThat(b.getInt(60 + 36)).isEqualTo(0xC0200040);
      int relocations = b.getInt(20 + 24);
      int type = machine.addr32nb;
      assertThat(List.of(b.getInt(relocations), b.getInt(relocations + 4), (int) b.getShort(relocations + 8)))
          .containsExactly(12, 2, type);
      assertThat(List.of(b.getInt(relocations + 10), b.getInt(relocations + 14))).containsExactly(0, 3);
      assertThat(List.of(b.getInt(relocations + 20), b.getInt(relocations + 24))).containsExactly(16, 4);
      int name = b.getInt(60 + 20);
      assertThat(new String(m, name, b.getInt(60 + 16), StandardCharsets.ISO_8859_1)).isEqualTo("my.dll\0");
      assertThat(symbolNames(m)).containsExactly("__IMPORT_DESCRIPTOR_my", ".idata$2", ".idata$6", ".idata$4",
          ".idata$5", "__NULL_IMPORT_DESCRIPTOR", "\u007fmy_NULL_THUNK_DATA");
    }
  }

  @Test
  void nullThunkSizes() {
    for (Machine machine : Machine.values()) {
      byte[] m = ImportLibraryWriter.nullThunk("my.dll", machine);
      ByteBuffer b = le(m);
      int entry = machine.is64Bit() ? 8 : 4;
      assertThat(sectionName(b, 20)).isEqualTo(".idata$5");
      assertThat(sectionName(b, 60)).isEqualTo(".idata$4");
      assertThat(b.getInt(20 + 16)).isEqualTo(entry);
      assertThat(b.getInt(60 + 16)).isEqualTo(entry);
      assertThat(b.getInt(60 + 20)).isEqualTo(100 + entry);
      assertThat(b.getInt(8)).isEqualTo(100 + 2 * entry);
      assertThat(symbolNames(m)).containsExactly("\u007fmy_NULL_THUNK_DATA");
    }
  }

  @Test
  void nullImportDescriptor() {
    byte[] m = ImportLibraryWriter.nullImportDescriptor(Machine.AMD64);
    ByteBuffer b = le(m);
    assertThat(sectionName(b, 20)).isEqualTo(".idata$3");
    assertThat(b.getInt(20 + 16)).isEqualTo(20);
    assertThat(symbolNames(m)).containsExactly("__NULL_IMPORT_DESCRIPTOR");
  }

  @Test
  void weakAliasObject() {
    byte[] m = ImportLibraryWriter.weakAlias(Machine.AMD64, new WeakAlias("f", "g", true));
    ByteBuffer b = le(m);
    assertThat(sectionName(b, 20)).isEqualTo(".drectve");
    assertThat(symbolNames(m)).containsExactly("@comp.id", "@feat.00", "__imp_g", "__imp_f");
    int weak = b.getInt(8) + 3 * 18;
    assertThat(m[weak + 16]).isEqualTo((byte) 105);
    assertThat(b.getInt(weak + 18)).isEqualTo(2); // TagIndex -> __imp_g
    assertThat(b.getInt(weak + 22)).isEqualTo(3); // IMAGE_WEAK_EXTERN_SEARCH_ALIAS
  }

  @Test
  void libraryMembersAndIndex() {
    var entries = List.<ImportLibraryWriter.Entry>of(
        new ShortImport("GetTickCount", 0, ImportType.CODE, NameType.NAME, null),
        new ShortImport("var", 0, ImportType.DATA, NameType.NAME, null));
    ArchiveDump d = ArchiveDump.read(ImportLibraryWriter.write("C:\\win\\kernel32.dll", Machine.AMD64, entries,
        ArchiveWriter.Format.COFF));
    assertThat(d.members()).extracting(ArchiveDump.Raw::nameField).containsOnly("kernel32.dll/").hasSize(5);
    assertThat(d.gnuIndex()).extracting(ArchiveDump.Index::symbol).containsExactly("__IMPORT_DESCRIPTOR_kernel32",
        "__NULL_IMPORT_DESCRIPTOR", "\u007fkernel32_NULL_THUNK_DATA", "__imp_GetTickCount", "GetTickCount",
        "__imp_var");
    assertThat(d.coffIndex()).extracting(ArchiveDump.Index::symbol).containsExactly("GetTickCount",
        "__IMPORT_DESCRIPTOR_kernel32", "__NULL_IMPORT_DESCRIPTOR", "__imp_GetTickCount", "__imp_var",
        "\u007fkernel32_NULL_THUNK_DATA");
  }

  @Test
  void symbolNamesUseTheStem() {
    assertThat(ImportLibraryWriter.importDescriptorSymbol("dir/ksproxy.ax")).isEqualTo("__IMPORT_DESCRIPTOR_ksproxy");
    assertThat(ImportLibraryWriter.nullThunkSymbol("api-ms-win-core-a-l1-1-0"))
        .isEqualTo("\u007fapi-ms-win-core-a-l1-1-0_NULL_THUNK_DATA");
  }
}
