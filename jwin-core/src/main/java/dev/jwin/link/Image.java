package dev.jwin.link;

import dev.jwin.link.arch.Arch;

/**
 * What a chunk may know about the image while it writes itself: the machine, the image base, symbol
 * addresses, the timestamp and where to report a problem. Narrow on purpose: chunks do not see the writer.
 */
final class Image {
  final Arch arch;
  final long imageBase;
  final Diagnostics diag;
  final boolean mingw;
  private final boolean demangle;
  /** Set before chunks that record it are written. */
  long timestamp;
  /** Number of output sections, once layout is final. */
  int sectionCount;

  Image(Arch arch, long imageBase, Config config, Diagnostics diag) {
    this.arch = arch;
    this.imageBase = imageBase;
    this.diag = diag;
    this.mingw = config.mingw;
    this.demangle = config.demangle;
  }

  long rva(Symbol s) { return s.rva(imageBase); }

  long va(Symbol s) { return s.rva(imageBase) + imageBase; }

  /** The section index relocations give absolute symbols (one past the last section, as lld-link). */
  int absoluteSectionIndex() { return sectionCount + 1; }

  String demangle(String name) { return demangle ? Demangler.demangle(name, arch.machine) : name; }
}
