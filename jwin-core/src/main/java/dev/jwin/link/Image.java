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
  /** The relocation types that need a base relocation, as {@link SectionChunk#relocTypes} marks them. */
  final int baseRelocTypes;
  /** {@link Arch#baseRelocTypes}. */
  final int[] baseRelocTypeOf;
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
    int types = SectionChunk.typeBit(31); // types beyond 30 share a bit: a section with one is always looked at
    baseRelocTypeOf = arch.baseRelocTypes();
    for (int t = 0; t < 31; t++) if (baseRelocTypeOf[t] >= 0) types |= SectionChunk.typeBit(t);
    this.baseRelocTypes = types;
  }

  long rva(Symbol s) { return s.rva(imageBase); }

  long va(Symbol s) { return s.rva(imageBase) + imageBase; }

  /** The section index relocations give absolute symbols (one past the last section, as lld-link). */
  int absoluteSectionIndex() { return sectionCount + 1; }

  String demangle(String name) { return demangle ? Demangler.demangle(name, arch.machine) : name; }

  /** A problem found while {@code chunk} wrote itself. */
  private static final class Problem {
    final SectionChunk chunk;
    final long seq;
    final String message;

    Problem(SectionChunk chunk, long seq, String message) {
      this.chunk = chunk;
      this.seq = seq;
      this.message = message;
    }
  }

  /** Guarded by itself (a plain list: a concurrent queue's var handles cost a cold JVM more than a rare lock). */
  private final java.util.List<Problem> problems = new java.util.ArrayList<>();

  /** Records an error found while chunks write themselves in parallel; {@link #reportProblems} reports it. */
  void error(SectionChunk chunk, String message) {
    synchronized (problems) {
      problems.add(new Problem(chunk, problems.size(), message));
    }
  }

  /**
   * Reports the recorded errors in input order ({@code chunks}' order, then the order each chunk found them), so
   * the diagnostics do not depend on which thread wrote what first.
   */
  void reportProblems(java.util.List<SectionChunk> chunks) {
    Problem[] sorted;
    synchronized (problems) {
      if (problems.isEmpty()) return;
      sorted = problems.toArray(new Problem[0]);
      problems.clear();
    }
    java.util.IdentityHashMap<SectionChunk, Integer> position = new java.util.IdentityHashMap<>();
    for (int i = 0; i < chunks.size(); i++) position.put(chunks.get(i), i);
    java.util.Arrays.sort(sorted, new java.util.Comparator<Problem>() {
      @Override public int compare(Problem a, Problem b) {
        int c = Integer.compare(position.getOrDefault(a.chunk, Integer.MAX_VALUE), position.getOrDefault(b.chunk, Integer.MAX_VALUE));
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      }
    });
    for (Problem p : sorted) diag.error(p.message);
  }
}
