package dev.jwin.cc;

import dev.jwin.archive.ArchiveWriter;
import dev.jwin.archive.ImportLibraryWriter.ImportType;
import dev.jwin.archive.ImportLibraryWriter.NameType;
import dev.jwin.archive.ImportLibraryWriter;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DLL named on the link line, as GNU ld allows ({@code gcc -o lua.exe lua.o lua54.dll}): lld-link and
 * {@code jwin link} take only import libraries, so the driver makes one from the DLL's export table
 * (PE/COFF spec 6.3), cached by the DLL's contents. An export whose address lies in a section that is not
 * executable is a data import (only {@code __imp_name}), as GNU ld decides it; mingw's auto-import then
 * serves plain references to it.
 */
final class DllInput {
  private DllInput() {}

  private static final int IMAGE_SCN_CNT_CODE = 0x20;
  private static final int IMAGE_SCN_MEM_EXECUTE = 0x20000000;

  /** True when the file starts with the MZ signature of a PE image. */
  static boolean isImage(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 'M' && in.read() == 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** The import library for {@code dll} (generated on first use). */
  static Path importLibrary(Path dll, ArtifactCache cache, FileHashes hashes) throws CcException {
    String name = dll.getFileName().toString();
    try {
      String key = FileHashes.key("dll-implib 1\n" + name + "\n" + hashes.hash(dll));
      Path hit = cache.lookup(key);
      String lib = "lib" + name + ".a";
      if (hit != null) return hit.resolve(lib);
      byte[] archive;
      try {
        Bytes s = Bytes.read(dll);
        archive = read(name, s);
      } catch (IndexOutOfBoundsException e) {
        throw new CcException(dll + ": truncated or malformed PE image");
      }
      Path stage = cache.stagingDir();
      Files.write(stage.resolve(lib), archive);
      return cache.publish(key, stage).resolve(lib);
    } catch (IOException e) {
      throw new CcException("cannot read " + dll + ": " + e.getMessage());
    }
  }

  /** The import library (an archive's bytes) for the exports of the PE image {@code s}. */
  static byte[] read(String dllName, Bytes s) throws CcException {
    long pe = Le.u32(s, 0x3c);
    if (Le.u32(s, pe) != 0x4550) throw new CcException(dllName + ": not a PE image (no PE signature)");
    long coff = pe + 4;
    Machine machine = Machine.of(Le.u16(s, coff));
    if (machine == null) throw new CcException(dllName + ": unsupported machine 0x" + Integer.toHexString(Le.u16(s, coff)));
    int sections = Le.u16(s, coff + 2);
    long opt = coff + 20;
    long sectionTable = opt + Le.u16(s, coff + 16);
    boolean pe32plus = Le.u16(s, opt) == 0x20b;
    long dirCount = Le.u32(s, opt + (pe32plus ? 108 : 92));
    long dirs = opt + (pe32plus ? 112 : 96);
    if (dirCount < 1) throw new CcException(dllName + ": the DLL exports nothing");
    long exportRva = Le.u32(s, dirs);
    long exportSize = Le.u32(s, dirs + 4);
    if (exportRva == 0) throw new CcException(dllName + ": the DLL exports nothing");
    Sections sec = new Sections(dllName, s, sectionTable, sections);
    long dir = sec.offset(exportRva);
    long ordinalBase = Le.u32(s, dir + 16);
    long nameCount = Le.u32(s, dir + 24);
    long names = sec.offset(Le.u32(s, dir + 32));
    long ordinals = sec.offset(Le.u32(s, dir + 36));
    long addresses = sec.offset(Le.u32(s, dir + 28));
    List<ImportLibraryWriter.Entry> entries = new ArrayList<>();
    for (long i = 0; i < nameCount; i++) {
      String export = Le.cstring(s, sec.offset(Le.u32(s, names + 4 * i)), 4096);
      int index = Le.u16(s, ordinals + 2 * i);
      long rva = Le.u32(s, addresses + 4L * index);
      boolean forwarder = rva >= exportRva && rva < exportRva + exportSize;
      boolean data = !forwarder && !sec.executable(rva);
      // i386 C symbols carry a leading underscore the export name does not.
      boolean i386 = machine == Machine.I386;
      entries.add(new ImportLibraryWriter.ShortImport(i386 ? "_" + export : export, (int) (ordinalBase + index),
          data ? ImportType.DATA : ImportType.CODE, i386 ? NameType.NAME_NOPREFIX : NameType.NAME, null));
    }
    return ImportLibraryWriter.write(dllName, machine, entries, ArchiveWriter.Format.COFF);
  }

  /** The image's section table: RVA to file offset, and whether an RVA is code. */
  private record Sections(String dllName, Bytes s, long table, int count) {
    long offset(long rva) throws CcException {
      for (int i = 0; i < count; i++) {
        long h = table + 40L * i;
        long va = Le.u32(s, h + 12);
        long size = Math.max(Le.u32(s, h + 8), Le.u32(s, h + 16));
        if (rva >= va && rva < va + size) return Le.u32(s, h + 20) + (rva - va);
      }
      throw new CcException(dllName + ": export table RVA 0x" + Long.toHexString(rva) + " is in no section");
    }

    boolean executable(long rva) {
      for (int i = 0; i < count; i++) {
        long h = table + 40L * i;
        long va = Le.u32(s, h + 12);
        if (rva >= va && rva < va + Math.max(Le.u32(s, h + 8), Le.u32(s, h + 16)))
          return (Le.u32(s, h + 36) & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE)) != 0;
      }
      return false;
    }
  }
}
