package dev.jwin.cc;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;
import dev.jwin.coff.Le;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the driver needs to know about a link input before linking: LLVM bitcode (-flto), an archive's symbols. */
final class InputProbe {
  private InputProbe() {}

  /** Raw bitcode ("BC" 0xC0DE) or the bitcode wrapper (0x0B17C0DE), both little-endian as written. */
  private static final int BITCODE = 0xDEC04342;
  private static final int BITCODE_WRAPPER = 0x0B17C0DE;

  /** Whether {@code p} is an LLVM bitcode file, or an archive with a bitcode member. */
  static boolean hasBitcode(Path p) throws CcException {
    try {
      Bytes s = Bytes.read(p);
      if (isBitcode(s)) return true;
      if (FileKind.identify(s) != FileKind.ARCHIVE) return false;
      boolean[] found = {false};
      new ArchiveReader(p.toString(), s).forEachMember(m -> found[0] |= isBitcode(m.data()));
      return found[0];
    } catch (IOException e) {
      throw new CcException("cannot read " + p + ": " + e.getMessage());
    } catch (CorruptInputException e) {
      throw new CcException(p + ": " + e.getMessage());
    }
  }

  private static boolean isBitcode(Bytes s) {
    if (s.byteSize() < 4) return false;
    int magic = Le.i32(s, 0);
    return magic == BITCODE || magic == BITCODE_WRAPPER;
  }

  /** The symbols an archive's index lists (what its members define); empty for anything else. */
  static List<String> archiveSymbols(Path p) throws CcException {
    List<String> names = new ArrayList<>();
    try {
      Bytes s = Bytes.read(p);
      if (FileKind.identify(s) == FileKind.ARCHIVE)
        new ArchiveReader(p.toString(), s).forEachSymbol((name, member) -> names.add(name));
    } catch (IOException e) {
      throw new CcException("cannot read " + p + ": " + e.getMessage());
    } catch (CorruptInputException e) {
      throw new CcException(p + ": " + e.getMessage());
    }
    return names;
  }
}
