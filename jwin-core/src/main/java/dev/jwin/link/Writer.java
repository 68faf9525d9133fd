package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;
import dev.jwin.io.AtomicFile;
import dev.jwin.link.arch.Arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out the image and writes it: bins chunks into output sections, adds the linker's own
 * tables, fixes every address and file offset, then writes all chunks (in parallel) into the image in memory,
 * which goes to a temporary file that is renamed over the output only when nothing failed.
 */
final class Writer {
  private final LinkContext ctx;
  private final Config config;
  private final Diagnostics diag;
  private final Arch arch;
  private final long imageBase;
  /** What chunks see while they write themselves. */
  private final Image image;
  private final Layout layout;

  /**
   * Chunks of one input section name and characteristics, in input order. A plain class with its own lookup, not
   * a record key in a map: binning touches every chunk, and a record's equals/hashCode go through method handles
   * that a short-lived JVM spins up at run time.
   */
  private static final class Bin implements Comparable<Bin> {
    final String name;
    final int chars;
    final List<Chunk> chunks = new ArrayList<>();
    /** The next bin of the same name with other characteristics (rare). */
    Bin next;

    Bin(String name, int chars) {
      this.name = name;
      this.chars = chars;
    }

    /** By name, then characteristics (unsigned): {@code $} groups sort by their full name. */
    @Override public int compareTo(Bin o) {
      int c = name.compareTo(o.name);
      return c != 0 ? c : Integer.compareUnsigned(chars, o.chars);
    }
  }

  /** Bins by input section name while binning; all bins in sorted order after it. */
  private final Map<String, Bin> binsByName = new HashMap<>();
  private final List<Bin> bins = new ArrayList<>();
  private final List<OutputSection> sections = new ArrayList<>();
  private OutputSection text, rdata, buildid, data, pdata, reloc, ctors, dtors;
  private ImportTables idata;
  /** /delayload tables, or null. */
  private DelayImports delay;
  private Chunk debugDirectory, codeView;
  /** IMAGE_DLLCHARACTERISTICS_NO_SEH: -noseh, or SafeSEH found no handlers. */
  private boolean noSeh;
  private int tlsAlignment;
  private long stringTableOffset;
  private byte[] stringTable = new byte[0];
  private final OutputSymbols symtab = new OutputSymbols();

  Writer(LinkContext ctx) {
    this.ctx = ctx;
    this.config = ctx.config;
    this.diag = ctx.diag;
    this.arch = ctx.arch;
    this.imageBase = config.imageBase(arch.machine);
    this.image = new Image(arch, imageBase, config, diag);
    this.layout = new Layout(image.baseRelocTypes);
  }

  void run() {
    try {
      layOutAndWrite();
    } finally {
      if (symbols != null) symbols.cancel(); // a link that failed: its symbol table thread stops waiting
    }
    if (config.mapFile != null) ctx.time("write map", () -> MapFile.write(ctx, image, sections));
  }

  private void layOutAndWrite() {
    ctx.time("create sections", () -> {
      idata = new ImportTables(ctx);
      createSections();
      text.chunks.addAll(idata.thunks);
      delay = DelayImports.create(ctx);
      if (delay != null) {
        text.chunks.addAll(delay.code);
        data.chunks.addAll(delay.data);
        find(".didat").chunks.addAll(delay.tables);
      }
      createMiscChunks();
      createExportTable();
      mergeSections();
      sortSections();
      sections.removeIf(s -> s != reloc && s.chunks.isEmpty());
    });
    ctx.time("assign addresses", this::assignAddresses);
    sections.removeIf(s -> s.virtualSize == 0);
    for (int i = 0; i < sections.size(); i++) sections.get(i).index = i + 1;
    image.sectionCount = sections.size();
    for (OutputSection s : sections) {
      Integer attrs = config.sectionAttributes.get(s.name);
      if (attrs != null) s.characteristics = (s.characteristics & ~0xFE000000) | attrs;
    }
    diag.checkpoint();
    write();
  }

  // ---- binning ----

  /** The output section of this name and characteristics, created at the end of the list if new. */
  private OutputSection createSection(String name, int chars) {
    for (OutputSection s : sections) if (s.characteristics == chars && s.name.equals(name)) return s;
    OutputSection s = new OutputSection(name, chars);
    sections.add(s);
    return s;
  }

  /** ".text$mn" → ".text"; mingw's ".ctors.01234" → ".ctors". */
  static String outputName(String name) {
    int dollar = name.indexOf('$');
    String s = dollar < 0 ? name : name.substring(0, dollar);
    int dot = s.indexOf('.', 1);
    return dot < 0 ? s : s.substring(0, dot);
  }

  /**
   * mingw names COMDAT sections after their group ({@code .text$foo}); for the standard sections
   * those keep input order instead of being sorted by suffix.
   */
  private String stripComdatSuffix(SectionChunk c) {
    if (!config.mingw || !c.isComdat() || c.standardHead == 0) return c.name();
    return SectionChunk.STANDARD_SECTIONS[c.standardHead - 1];
  }

  private void addPartial(String name, int chars, Chunk c) {
    Bin b = binsByName.get(name);
    while (b != null && b.chars != chars) b = b.next;
    if (b == null) {
      b = new Bin(name, chars);
      b.next = binsByName.put(name, b);
      bins.add(b);
    }
    b.chunks.add(c);
  }

  private void createSections() {
    final int r = Coff.SCN_MEM_READ, w = Coff.SCN_MEM_WRITE, x = Coff.SCN_MEM_EXECUTE;
    final int code = Coff.SCN_CNT_CODE, dataF = Coff.SCN_CNT_INITIALIZED_DATA, bss = Coff.SCN_CNT_UNINITIALIZED_DATA;
    final int discardable = Coff.SCN_MEM_DISCARDABLE;
    // The order link.exe uses for the sections it knows.
    text = createSection(".text", code | r | x);
    createSection(".bss", bss | r | w);
    rdata = createSection(".rdata", dataF | r);
    buildid = createSection(".buildid", dataF | r);
    data = createSection(".data", dataF | r | w);
    pdata = createSection(".pdata", dataF | r);
    createSection(".idata", dataF | r);
    createSection(".edata", dataF | r);
    createSection(".didat", dataF | r);
    createSection(".rsrc", dataF | r);
    reloc = createSection(".reloc", dataF | discardable | r);
    ctors = createSection(".ctors", dataF | r | w);
    dtors = createSection(".dtors", dataF | r | w);

    // Loops over every chunk, symbol or bin are methods of their own, their bodies too (see docs/architecture.md).
    boolean hasIdata = binChunks();
    if (!ctx.sectionOrder.isEmpty()) for (Bin b : bins) SectionOrder.sort(ctx.sectionOrder, b.chunks);
    binCommons();

    sortImports();
    if (hasIdata || !idata.isEmpty()) {
      List<Chunk> dirs = new ArrayList<>(idata.dirs);
      dirs.add(new ImportTables.NullDirectory());
      for (Chunk c : dirs) addPartial(".idata$2", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.lookups) addPartial(".idata$4", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.addresses) addPartial(".idata$5", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.hints) addPartial(".idata$6", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.dllNames) addPartial(".idata$7", SyntheticChunks.RDATA, c);
    }

    java.util.Collections.sort(bins);
    binsByName.clear();
    sectionsOfBins();
  }

  /**
   * GNU import libraries: .idata$N chunks grouped by library, objects sorted by "archive/member" name (head, members,
   * tail); a stable sort. The bins hold pieces of the same objects, so the objects are ranked by name once.
   */
  private void sortImports() {
    java.util.Map<InputFile, Integer> index = new java.util.IdentityHashMap<>();
    List<InputFile> files = new ArrayList<>();
    for (Bin b : bins) {
      if (!b.name.startsWith(".idata")) continue;
      for (Chunk c : b.chunks)
        if (c instanceof SectionChunk sc && index.putIfAbsent(sc.file, files.size()) == null) files.add(sc.file);
    }
    if (files.isEmpty()) return;
    int[] rank = importRanks(files);
    for (Bin b : bins) if (b.name.startsWith(".idata")) sortByRank(b.chunks, index, rank);
  }

  /**
   * Each file's rank (from 1; equal names, equal ranks) among {@code files} sorted by "archive/member" name: a sort of
   * the names and a search in it, each name made once (no comparator class to load: a cold JVM reads it from the jar).
   */
  static int[] importRanks(List<InputFile> files) {
    String[] keys = new String[files.size()];
    for (int f = 0; f < keys.length; f++) keys[f] = files.get(f).parentName + "/" + files.get(f).memberName;
    String[] sorted = keys.clone();
    java.util.Arrays.sort(sorted);
    int[] rank = new int[keys.length];
    for (int f = 0; f < rank.length; f++) rank[f] = 1 + java.util.Arrays.binarySearch(sorted, keys[f]);
    return rank;
  }

  /** Sorts {@code chunks} by their objects' {@code rank} (0 for chunks of no object), stable. */
  private static void sortByRank(List<Chunk> chunks, java.util.Map<InputFile, Integer> index, int[] rank) {
    int n = chunks.size();
    long[] order = new long[n];
    for (int i = 0; i < n; i++) order[i] = (long) (chunks.get(i) instanceof SectionChunk sc ? rank[index.get(sc.file)] : 0) << 32 | i;
    java.util.Arrays.sort(order);
    Chunk[] sorted = new Chunk[n];
    for (int i = 0; i < n; i++) sorted[i] = chunks.get((int) order[i]);
    for (int i = 0; i < n; i++) chunks.set(i, sorted[i]);
  }

  /** The bins' chunks in their output sections. */
  private void sectionsOfBins() {
    for (Bin b : bins) sectionOf(b);
  }

  private void sectionOf(Bin b) {
    String name = outputName(b.name);
    int chars = b.chars;
    if (name.equals(".CRT")) chars = Coff.SCN_CNT_INITIALIZED_DATA | Coff.SCN_MEM_READ;
    createSection(name, chars).chunks.addAll(b.chunks);
  }

  /** Bins every live input section; true if one is an import table section. */
  private boolean binChunks() {
    boolean idata = false;
    for (SectionChunk c : ctx.chunks) if (c.isLive()) idata |= bin(c);
    return idata;
  }

  private void binCommons() {
    if (ctx.symtab.hadCommons) for (Symbol s : ctx.symtab.ordered()) if (s.kind == Symbol.Kind.COMMON) binCommon(s);
  }

  /** Puts a live input section in its bin; true for an import table section. */
  private boolean bin(SectionChunk c) {
    String name = stripComdatSuffix(c);
    int chars = c.outputCharacteristics();
    boolean idata = name.startsWith(".idata");
    if (idata || name.startsWith(".rsrc") || name.startsWith(".edata")) chars = SyntheticChunks.RDATA;
    if (name.startsWith(".tls")) tlsAlignment = Math.max(tlsAlignment, c.alignment);
    addPartial(name, chars, c);
    return idata;
  }

  /** A common symbol's space in .bss. */
  private void binCommon(Symbol s) {
    int align = (int) Math.min(32, Long.highestOneBit(Math.max(1, s.memberOffsetOrSize * 2 - 1)));
    Integer exp = config.alignComm.get(s.name());
    if (exp != null) align = Math.max(align, 1 << exp);
    SyntheticChunks.Common c = new SyntheticChunks.Common(s, align);
    s.chunk = c;
    s.value = 0;
    addPartial(".bss", c.outputCharacteristics(), c);
  }

  private void createMiscChunks() {
    rdata.chunks.addAll(ctx.mergedStrings);
    rdata.chunks.addAll(ctx.symtab.localImportChunks);
    if (config.debug || config.cetCompat) {
      OutputSection sec = config.mingw ? buildid : rdata;
      List<SyntheticChunks.DebugRecord> records = new ArrayList<>();
      if (config.debug) {
        codeView = new SyntheticChunks.CodeViewRecord(sec.name);
        records.add(new SyntheticChunks.DebugRecord(SyntheticChunks.DEBUG_TYPE_CODEVIEW, codeView));
      }
      if (config.cetCompat) records.add(new SyntheticChunks.DebugRecord(SyntheticChunks.DEBUG_TYPE_EX_DLLCHARACTERISTICS,
          new SyntheticChunks.ExtendedDllCharacteristics(sec.name)));
      debugDirectory = new SyntheticChunks.DebugDirectory(sec.name, records);
      sec.chunks.add(debugDirectory);
      for (SyntheticChunks.DebugRecord r : records) sec.chunks.add(r.data());
    }
    SymbolTable st = ctx.symtab;
    if (config.safeSeh(arch.machine)) createSehTable();
    if (config.guardCf != 0) ControlFlowGuard.createTables(ctx, rdata.chunks);
    if (config.mingw && config.autoImport) {
      SyntheticChunks.PseudoRelocTable table = MinGW.pseudoRelocs(ctx);
      SyntheticChunks.Empty end = new SyntheticChunks.Empty(".rdata");
      rdata.chunks.add(table);
      rdata.chunks.add(end);
      redefine(st.findUnderscore("__RUNTIME_PSEUDO_RELOC_LIST__"), table);
      redefine(st.findUnderscore("__RUNTIME_PSEUDO_RELOC_LIST_END__"), end);
    }
    if (config.mingw) {
      Chunk ctorHead = new SyntheticChunks.AbsolutePointer(".ctors", -1, arch);
      Chunk dtorHead = new SyntheticChunks.AbsolutePointer(".dtors", -1, arch);
      ctors.chunks.addFirst(ctorHead);
      ctors.chunks.add(new SyntheticChunks.AbsolutePointer(".ctors", 0, arch));
      dtors.chunks.addFirst(dtorHead);
      dtors.chunks.add(new SyntheticChunks.AbsolutePointer(".dtors", 0, arch));
      redefine(st.findUnderscore("__CTOR_LIST__"), ctorHead);
      redefine(st.findUnderscore("__DTOR_LIST__"), dtorHead);
    }
  }

  /**
   * x86 SafeSEH: every object must declare itself compatible (@feat.00); the handlers its .sxdata names
   * make the table the load configuration points at. Without handlers or a load configuration the image
   * is marked as having no SEH at all.
   */
  private void createSehTable() {
    java.util.Set<Symbol> handlers = new java.util.LinkedHashSet<>();
    for (ObjectFile f : ctx.objects) {
      List<Symbol> h = f.safeSehHandlers();
      if (h == null) diag.error("/safeseh: " + f.name + " is not compatible with SEH");
      else for (Symbol s : h) if (s.isDefined()) handlers.add(s);
    }
    Symbol lc = ctx.symtab.findUnderscore("_load_config_used");
    noSeh = handlers.isEmpty() || lc == null || !lc.isDefined();
    if (handlers.isEmpty()) return;
    SyntheticChunks.SehTable table = new SyntheticChunks.SehTable(new ArrayList<>(handlers));
    rdata.chunks.add(table);
    redefine(ctx.symtab.findUnderscore("__safe_se_handler_table"), table);
    Symbol count = ctx.symtab.findUnderscore("__safe_se_handler_count");
    if (count != null) count.define(Symbol.Kind.ABSOLUTE, null, null, handlers.size());
  }

  private OutputSection edata;
  private Chunk edataStart, edataEnd;

  private void createExportTable() {
    edata = find(".edata");
    if (edata.chunks.isEmpty() && !ctx.exports.isEmpty()) {
      edata.chunks.addAll(Exports.chunks(Path.of(config.output).getFileName().toString(), ctx.exports));
    }
    if (!edata.chunks.isEmpty()) {
      edataStart = edata.chunks.getFirst();
      edataEnd = edata.chunks.getLast();
    }
  }

  private static void redefine(Symbol s, Chunk c) {
    // Replaces even a definition from an object (mingw's runtime has placeholder definitions).
    if (s != null) s.define(Symbol.Kind.SYNTHETIC, null, c, 0);
  }

  private void mergeSections() {
    TreeMap<String, String> merges = new TreeMap<>();
    merges.put(".idata", ".rdata");
    merges.put(".didat", ".rdata");
    merges.put(".edata", ".rdata");
    merges.put(".xdata", ".rdata");
    merges.put(".bss", ".data");
    if (config.mingw) {
      merges.put(".CRT", ".rdata");
      merges.put(".ctors", ".rdata");
      merges.put(".dtors", ".rdata");
    }
    merges.putAll(config.merges);
    for (Map.Entry<String, String> m : merges.entrySet()) {
      String to = m.getValue();
      if (m.getKey().equals(to)) continue;
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (merges.containsKey(to)) {
        if (!seen.add(to)) throw diag.fatal("/merge: cycle found for section '" + m.getKey() + "'");
        to = merges.get(to);
      }
      OutputSection from = find(m.getKey()), dest = find(to);
      if (from == null) continue;
      if (dest == null) {
        from.name = to;
        continue;
      }
      if (from == dest) continue;
      dest.chunks.addAll(from.chunks);
      from.chunks.clear();
    }
  }

  private OutputSection find(String name) {
    for (OutputSection s : sections) if (s.name.equals(name) && (s != reloc || name.equals(".reloc"))) return s;
    return null;
  }

  /** Discardable sections go last (debug sections after .reloc), .rsrc after the other loaded sections. */
  private void sortSections() {
    sections.sort(new Comparator<OutputSection>() {
      @Override public int compare(OutputSection a, OutputSection b) { return Integer.compare(rank(a), rank(b)); }
    });
  }

  private static int rank(OutputSection s) {
    if ((s.characteristics & Coff.SCN_MEM_DISCARDABLE) != 0) return s.name.startsWith(".debug_") ? 3 : 2;
    return s.name.equals(".rsrc") ? 1 : 0;
  }

  // ---- addresses ----

  /**
   * Layout, then what depends on addresses (base relocations), then layout again: sections before
   * {@code .reloc} keep their addresses, the ones after it move.
   */
  private void assignAddresses() {
    int headerSize = PeHeader.optionalHeaderSize(arch.machine);
    layout.run(sections, headerSize, config, diag);
    for (int pass = 0; RangeThunks.add(sections, arch, imageBase); pass++) {
      if (pass == 10) throw diag.fatal("range-extension thunks did not converge");
      layout.run(sections, headerSize, config, diag);
    }
    // Every chunk has its output section now: the symbol table's first pass need not wait for base relocations.
    symbols = new SymbolTableThread(codeView != null || (config.repro && config.timestamp == null));
    symbols.start();
    if (!config.fixed && sections.contains(reloc)) {
      ctx.time("base relocations", this::addBaseRelocs);
      layout.run(sections, headerSize, config, diag, sections.indexOf(reloc)); // only .reloc and what follows grew
    }
  }

  /**
   * The base relocations of the loaded sections (those before {@code .reloc}: the discardable ones go after it), from
   * the chunks that may have some, as layout listed them ({@link Layout#baseRelocCandidates}).
   */
  private void addBaseRelocs() {
    relocBlocks = BaseRelocs.collect(layout.baseRelocCandidates, image).blocks();
    reloc.chunks.addAll(relocBlocks);
  }

  /** The blocks of {@code .reloc}, added after the last full layout. */
  private List<Chunk> relocBlocks = List.of();

  // ---- output ----

  private void write() {
    symtab.nameSections(sections, config.mingw || config.debugDwarf);
    // The COFF symbol table goes after the sections; its thread, started during layout, builds it while the sections
    // are written, and it is appended to the file afterwards.
    symbols.addressesFinal();
    boolean buildId = symbols.buildId;
    long fileSize = layout.fileSize;
    stringTableOffset = fileSize;
    Path out = ctx.file(config.output).toAbsolutePath();
    Path dir = out.getParent();
    try {
      if (dir != null && !dir.toFile().isDirectory()) Files.createDirectories(dir);
      // The image is put together in memory and written with one call: no page faults on a mapped file.
      if (fileSize > Integer.MAX_VALUE - 8) throw diag.fatal("output file too large: " + fileSize + " bytes");
      long t0 = System.nanoTime();
      Bytes buf = Bytes.allocate(fileSize);
      ctx.timing("allocate image", t0);
      ctx.time("write sections", () -> writeSections(buf));
      diag.checkpoint();
      sortExceptionTable(buf);
      fixTlsAlignment(buf);
      ctx.time("symbol table", () -> stringTable = symbols.table());
      image.timestamp = config.timestamp != null ? config.timestamp : 0;
      writeHeaders(buf);
      if (buildId) ctx.time("build id", () -> finishBuildId(buf));
      if (config.release) PeHeader.writeChecksum(buf, stringTable);
      t0 = System.nanoTime();
      AtomicFile.replace(out, true, tmp -> {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.toFile(), "rw")) {
          buf.writeTo(f);
          if (stringTable.length > 0) Bytes.of(stringTable).writeTo(f);
        }
      });
      ctx.timing("write file", t0);
    } catch (IOException e) {
      throw diag.fatal("cannot write " + config.output + ": " + Options.ioReason(e));
    }
  }

  /** The symbol table's thread, from the end of layout ({@link #assignAddresses}). */
  private SymbolTableThread symbols;

  /**
   * Builds the COFF symbol and string tables off the link's thread: the first pass ({@link OutputSymbols#choose})
   * while base relocations are collected, the second ({@link OutputSymbols#bytes}) once {@link #addressesFinal}, while
   * the sections are written; then sets up what the build id will need ({@link BuildId#prepare}).
   */
  private final class SymbolTableThread extends Thread {
    final boolean buildId;
    private byte[] table;
    private Throwable failure;
    /** Guarded by this: the addresses are final ({@link #addressesFinal}), or the link failed ({@link #cancel}). */
    private boolean go, cancelled;

    SymbolTableThread(boolean buildId) {
      super("jwin-symtab");
      setDaemon(true);
      this.buildId = buildId;
    }

    @Override public void run() {
      try {
        symtab.choose(ctx, config.debugDwarf);
        synchronized (this) {
          while (!go && !cancelled) wait();
          if (cancelled) return;
        }
        table = symtab.bytes(ctx, image, layout.fileSize, config.fileAlignment);
        if (buildId) BuildId.prepare();
      } catch (Throwable t) {
        failure = t;
      }
    }

    /** Addresses, section indexes and long section names are final: the second pass may start. */
    synchronized void addressesFinal() {
      go = true;
      notifyAll();
    }

    /** The link stops here: a thread still waiting for the addresses ends. */
    synchronized void cancel() {
      cancelled = true;
      notifyAll();
    }

    /** The tables, once built (what went wrong building them is thrown here). */
    byte[] table() {
      boolean interrupted = false;
      while (true) {
        try {
          join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      Workers.rethrow(failure);
      return table;
    }
  }

  /**
   * In code, what no chunk writes is int3 (0xCC), as lld-link fills it: the whole section first, the chunks over it.
   * A megabyte per task: this first touch of the image's pages is most of the cost, and it is spread over the threads.
   */
  private void fillCode(Bytes buf) {
    final long slice = 1 << 20;
    List<long[]> parts = new ArrayList<>();
    for (OutputSection s : sections) {
      if ((s.characteristics & Coff.SCN_CNT_CODE) == 0) continue;
      for (long at = 0; at < s.rawSize; at += slice) parts.add(new long[] {s.fileOffset + at, Math.min(slice, s.rawSize - at)});
    }
    Parallel.forEach(parts.size(), k -> buf.fill(parts.get(k)[0], parts.get(k)[1], (byte) 0xCC));
  }

  private void writeSections(Bytes buf) {
    fillCode(buf);
    List<Chunk> own = new ArrayList<>(layout.own); // the linker's own chunks, listed by layout
    own.addAll(relocBlocks);
    // Input sections object by object (the link's order), not output section by output section: an object's
    // relocations then meet its symbols while they are still in the cache (30000 objects: write sections -8%). Input
    // sections are placed only by binning the link's live ones (binChunks), and Layout gives exactly those their
    // output section; the rest, the linker's own chunks, are those layout listed and the base relocations' blocks.
    List<SectionChunk> inputs = ctx.chunks;
    int n = inputs.size();
    Parallel.forEach(n + own.size(), i -> {
      if (i < n) {
        SectionChunk sc = inputs.get(i);
        if (sc.out != null && sc.isLive() && sc.size > 0) sc.writeAt(buf, sc.fileOffset, image);
      } else {
        Chunk c = own.get(i - n);
        if (c.hasData() && c.size() > 0) c.writeTo(buf.asSlice(c.fileOffset, c.size()), image);
      }
    });
    image.reportProblems(ctx.chunks);
  }

  /** .pdata must be sorted by function start for the unwinder's binary search (equal starts keep their order). */
  private void sortExceptionTable(Bytes buf) {
    int size = arch.pdataEntrySize();
    long[] range = pdataRange();
    if (size == 0 || range == null) return;
    int n = (int) ((range[1] - range[0]) / size);
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) keys[i] = (Le.u32(buf, range[0] + (long) size * i) << 32) | i;
    java.util.Arrays.sort(keys);
    byte[] old = buf.asSlice(range[0], (long) size * n).toArray();
    Bytes from = Bytes.of(old);
    for (int i = 0; i < n; i++) Bytes.copy(from, (long) size * (int) keys[i], buf, range[0] + (long) size * i, size);
  }

  private long[] pdataRange() {
    OutputSection p = sectionNamed(".pdata");
    if (p == null || p.chunks.isEmpty() || p.rawSize == 0) return null;
    Chunk first = p.chunks.getFirst(), last = p.chunks.getLast();
    // Only what is in the file can be sorted (a malformed input may put uninitialized data here).
    return new long[] {first.fileOffset, Math.min(last.fileOffset + last.size(), p.fileOffset + p.rawSize)};
  }

  private OutputSection sectionNamed(String name) {
    for (OutputSection s : sections) if (s.name.equals(name)) return s;
    return null;
  }

  private void fixTlsAlignment(Bytes buf) {
    Symbol tls = ctx.symtab.findUnderscore("_tls_used");
    if (tls == null || !tls.isDefined() || tlsAlignment <= 0) return;
    Chunk c = tls.definingChunk();
    if (c == null || c.out == null) return;
    // Characteristics: the last field of IMAGE_TLS_DIRECTORY64 (40 bytes) or IMAGE_TLS_DIRECTORY32 (24 bytes).
    long off = c.fileOffset + tls.value + (arch.pointerSize() == 8 ? 36 : 20);
    if (off + 4 > c.out.fileOffset + c.out.rawSize) throw diag.fatal("_tls_used sym is malformed");
    int bits = Integer.numberOfTrailingZeros(tlsAlignment) + 1;
    Le.put32(buf, off, (Le.u32(buf, off) & ~Coff.SCN_ALIGN_MASK) | ((long) bits << 20));
  }

  private void writeHeaders(Bytes buf) {
    long[] dirs = new long[2 * Coff.NUM_DIRECTORIES];
    dataDirectories(buf, dirs);
    PeHeader.write(buf, config, sections, new PeHeader.Fields(arch.machine, imageBase, image.timestamp, entryRva(),
        ctx.subsystem, noSeh || config.noSeh, layout, stringTable.length > 0 ? stringTableOffset : 0,
        symtab.symbolCount, dirs, symtab.sectionNameOffsets));
  }

  private long entryRva() {
    if (config.noEntry || ctx.entry == null) return 0;
    Symbol e = ctx.symtab.find(ctx.symtab.mangle(ctx.entry));
    if (e == null || !e.isDefined()) return 0;
    Chunk c = e.definingChunk();
    boolean code = c != null && c.out != null && (c.out.characteristics & Coff.SCN_MEM_EXECUTE) != 0;
    return e.rva(imageBase) | (code ? arch.codeAddressBit() : 0);
  }

  private void dataDirectories(Bytes buf, long[] dd) {
    if (edataStart != null) dir(dd, Coff.DIR_EXPORT, edataStart.rva, edataEnd.rva + edataEnd.size() - edataStart.rva);
    long[] partStart = groupRange(".idata$2");
    if (partStart != null) dir(dd, Coff.DIR_IMPORT, partStart[0], partStart[1]);
    long[] iat = groupRange(".idata$5");
    if (iat != null) dir(dd, Coff.DIR_IAT, iat[0], iat[1]);
    if (delay != null) dir(dd, Coff.DIR_DELAY_IMPORT, delay.directoryRva(), delay.directorySize());
    OutputSection rsrc = sectionNamed(".rsrc");
    if (rsrc != null) dir(dd, Coff.DIR_RESOURCE, rsrc.rva, rsrc.virtualSize);
    OutputSection p = sectionNamed(".pdata");
    if (p != null && !p.chunks.isEmpty()) {
      Chunk first = p.chunks.getFirst(), last = p.chunks.getLast();
      dir(dd, Coff.DIR_EXCEPTION, first.rva, last.rva + last.size() - first.rva);
    }
    OutputSection r = sectionNamed(".reloc");
    if (r != null) dir(dd, Coff.DIR_BASERELOC, r.rva, r.virtualSize);
    if (debugDirectory != null) dir(dd, Coff.DIR_DEBUG, debugDirectory.rva, debugDirectory.size());
    Symbol tls = ctx.symtab.findUnderscore("_tls_used");
    if (tls != null && tls.isDefined()) dir(dd, Coff.DIR_TLS, tls.rva(imageBase), arch.pointerSize() == 8 ? 40 : 24);
    Symbol lc = ctx.symtab.findUnderscore("_load_config_used");
    if (lc != null && lc.isDefined() && lc.definingChunk() != null) {
      Chunk c = lc.definingChunk();
      if (!c.hasData() || lc.value + 4 > c.size()) throw diag.fatal("_load_config_used is malformed");
      long size = Le.u32(buf, c.fileOffset + lc.value);
      if (lc.value + size > c.size()) throw diag.fatal("_load_config_used is too large");
      dir(dd, Coff.DIR_LOAD_CONFIG, lc.rva(imageBase), size);
    }
  }

  /** [rva, size] of the chunks binned under one grouped name such as ".idata$2". */
  private long[] groupRange(String group) {
    List<Chunk> list = null;
    for (Bin b : bins) {
      if (b.name.equals(group) && !b.chunks.isEmpty()) {
        list = b.chunks;
        break;
      }
    }
    if (list == null) return null;
    long size = 0;
    for (Chunk c : list) size += c.size();
    return new long[] {list.getFirst().rva, size};
  }

  private static void dir(long[] dd, int index, long rva, long size) {
    dd[2 * index] = rva;
    dd[2 * index + 1] = size;
  }

  /** The CodeView GUID (and, with -Brepro, the timestamp) is a hash of the image itself. */
  private void finishBuildId(Bytes buf) {
    byte[] hash = BuildId.hash(buf, stringTable);
    if (codeView != null) Bytes.copy(Bytes.of(hash), 0, buf, codeView.fileOffset + 4, 16);
    if (config.repro && config.timestamp == null) {
      image.timestamp = Le.u32(Bytes.of(hash), 16);
      Le.put32(buf, PeHeader.TIMESTAMP_OFFSET, image.timestamp);
      if (debugDirectory != null)
        for (long e = 0; e < debugDirectory.size(); e += 28) Le.put32(buf, debugDirectory.fileOffset + e + 4, image.timestamp);
    }
  }
}
