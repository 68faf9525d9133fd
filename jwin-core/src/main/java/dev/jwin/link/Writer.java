package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Le;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lays out the image and writes it: bins chunks into output sections, adds the linker's own
 * tables, fixes every address and file offset, then writes all chunks (in parallel) into a mapped
 * temporary file that is renamed over the output only when nothing failed.
 */
final class Writer {
  static final int DOS_STUB_SIZE = 0x78;
  static final int PE32PLUS_HEADER_SIZE = 112 + 16 * 8;
  static final int SECTION_HEADER_SIZE = 40;

  final LinkContext ctx;
  final Config config;
  final Diagnostics diag;
  final long imageBase;
  long timestamp;

  private record Key(String name, int chars) {}

  /** Chunks binned by input section name and characteristics; sorted once binning is done. */
  private Map<Key, List<Chunk>> partials = new HashMap<>();
  private final List<OutputSection> sections = new ArrayList<>();
  private final Map<Key, OutputSection> byKey = new HashMap<>();
  private OutputSection text, rdata, buildid, data, pdata, reloc, ctors, dtors;
  private ImportTables idata;
  private Chunk debugDirectory, codeView;
  private int tlsAlignment;
  private long sizeOfHeaders, sizeOfImage, fileSize, stringTableOffset;
  private byte[] stringTable = new byte[0];
  private final OutputSymbols symtab = new OutputSymbols();

  Writer(LinkContext ctx) {
    this.ctx = ctx;
    this.config = ctx.config;
    this.diag = ctx.diag;
    this.imageBase = config.effectiveImageBase();
  }

  void run() {
    ctx.time("create sections", () -> {
      idata = new ImportTables(ctx);
      createSections();
      text.chunks.addAll(idata.thunks);
      createMiscChunks();
      createExportTable();
      mergeSections();
      sortSections();
      sections.removeIf(s -> s != reloc && s.chunks.isEmpty());
    });
    ctx.time("assign addresses", this::assignAddresses);
    sections.removeIf(s -> s.virtualSize == 0);
    for (int i = 0; i < sections.size(); i++) sections.get(i).index = i + 1;
    for (OutputSection s : sections) {
      Integer attrs = config.sectionAttributes.get(s.name);
      if (attrs != null) s.characteristics = (s.characteristics & ~0xFE000000) | attrs;
    }
    diag.checkpoint();
    write();
    if (config.mapFile != null) ctx.time("write map", () -> MapFile.write(ctx, this, sections));
  }

  // ---- binning ----

  private OutputSection createSection(String name, int chars) {
    return byKey.computeIfAbsent(new Key(name, chars), k -> {
      OutputSection s = new OutputSection(name, chars);
      sections.add(s);
      return s;
    });
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
    String n = c.name;
    if (!config.mingw || !c.isComdat()) return n;
    int dollar = n.indexOf('$');
    if (dollar < 0) return n;
    String head = n.substring(0, dollar);
    return switch (head) {
      case ".text", ".data", ".rdata", ".pdata", ".xdata", ".eh_frame" -> head;
      default -> n;
    };
  }

  private void addPartial(String name, int chars, Chunk c) {
    partials.computeIfAbsent(new Key(name, chars), k -> new ArrayList<>()).add(c);
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

    boolean hasIdata = false;
    for (SectionChunk c : ctx.chunks) {
      if (!c.isLive()) continue;
      String name = stripComdatSuffix(c);
      int chars = c.outputCharacteristics();
      if (name.startsWith(".idata") || name.startsWith(".rsrc") || name.startsWith(".edata")) {
        chars = SyntheticChunks.RDATA;
        hasIdata |= name.startsWith(".idata");
      }
      if (name.startsWith(".tls")) tlsAlignment = Math.max(tlsAlignment, c.alignment);
      addPartial(name, chars, c);
    }
    for (Symbol s : ctx.symtab.ordered) {
      if (s.kind != Symbol.Kind.COMMON) continue;
      int align = (int) Math.min(32, Long.highestOneBit(Math.max(1, s.commonSize * 2 - 1)));
      Integer exp = config.alignComm.get(s.name);
      if (exp != null) align = Math.max(align, 1 << exp);
      SyntheticChunks.Common c = new SyntheticChunks.Common(s, align);
      s.chunk = c;
      s.value = 0;
      addPartial(".bss", c.outputCharacteristics(), c);
    }

    // GNU import libraries: group .idata$N chunks by library, objects sorted by name (head, members, tail).
    for (Map.Entry<Key, List<Chunk>> e : partials.entrySet()) {
      if (!e.getKey().name.startsWith(".idata")) continue;
      e.getValue().sort(Comparator.comparing(c -> c instanceof SectionChunk sc ? sc.file.parentName + "/" + sc.file.memberName : ""));
    }
    if (hasIdata || !idata.isEmpty()) {
      List<Chunk> dirs = new ArrayList<>(idata.dirs);
      dirs.add(new ImportTables.NullDirectory());
      for (Chunk c : dirs) addPartial(".idata$2", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.lookups) addPartial(".idata$4", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.addresses) addPartial(".idata$5", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.hints) addPartial(".idata$6", SyntheticChunks.RDATA, c);
      for (Chunk c : idata.dllNames) addPartial(".idata$7", SyntheticChunks.RDATA, c);
    }

    TreeMap<Key, List<Chunk>> sorted = new TreeMap<>(Comparator.comparing(Key::name).thenComparingInt(Key::chars));
    sorted.putAll(partials);
    partials = sorted;
    for (Map.Entry<Key, List<Chunk>> e : partials.entrySet()) {
      String name = outputName(e.getKey().name);
      int chars = e.getKey().chars;
      if (name.equals(".CRT")) chars = Coff.SCN_CNT_INITIALIZED_DATA | Coff.SCN_MEM_READ;
      createSection(name, chars).chunks.addAll(e.getValue());
    }
  }

  private void createMiscChunks() {
    rdata.chunks.addAll(ctx.symtab.localImportChunks);
    if (config.debug) {
      OutputSection sec = config.mingw ? buildid : rdata;
      codeView = new SyntheticChunks.CodeViewRecord(sec.name);
      debugDirectory = new SyntheticChunks.DebugDirectory(sec.name, codeView);
      sec.chunks.add(debugDirectory);
      sec.chunks.add(codeView);
    }
    SymbolTable st = ctx.symtab;
    if (config.mingw && config.autoImport) {
      List<Chunk> live = new ArrayList<>();
      for (SectionChunk c : ctx.chunks) if (c.isLive()) live.add(c);
      SyntheticChunks.PseudoRelocTable table = MinGW.pseudoRelocs(ctx, live);
      SyntheticChunks.Empty end = new SyntheticChunks.Empty(".rdata");
      rdata.chunks.add(table);
      rdata.chunks.add(end);
      redefine(st.findUnderscore("__RUNTIME_PSEUDO_RELOC_LIST__"), table);
      redefine(st.findUnderscore("__RUNTIME_PSEUDO_RELOC_LIST_END__"), end);
    }
    if (config.mingw) {
      Chunk ctorHead = new SyntheticChunks.AbsolutePointer(".ctors", -1);
      Chunk dtorHead = new SyntheticChunks.AbsolutePointer(".dtors", -1);
      ctors.chunks.addFirst(ctorHead);
      ctors.chunks.add(new SyntheticChunks.AbsolutePointer(".ctors", 0));
      dtors.chunks.addFirst(dtorHead);
      dtors.chunks.add(new SyntheticChunks.AbsolutePointer(".dtors", 0));
      redefine(st.findUnderscore("__CTOR_LIST__"), ctorHead);
      redefine(st.findUnderscore("__DTOR_LIST__"), dtorHead);
    }
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
    sections.sort(Comparator.comparingInt(s -> {
      if ((s.characteristics & Coff.SCN_MEM_DISCARDABLE) != 0) return s.name.startsWith(".debug_") ? 3 : 2;
      return s.name.equals(".rsrc") ? 1 : 0;
    }));
  }

  // ---- addresses ----

  private void assignAddresses() {
    int nsec = sections.size();
    sizeOfHeaders = align(DOS_STUB_SIZE + 4 + 20 + PE32PLUS_HEADER_SIZE + (long) SECTION_HEADER_SIZE * nsec, config.fileAlignment);
    fileSize = sizeOfHeaders;
    long rva = align(sizeOfHeaders, config.sectionAlignment);
    for (OutputSection sec : sections) {
      if (sec == reloc && !config.fixed) ctx.time("base relocations", this::addBaseRelocs);
      long vsize = 0, raw = 0;
      sec.rva = rva;
      for (Chunk c : sec.chunks) {
        vsize = align(vsize, c.alignment);
        c.rva = rva + vsize;
        c.out = sec;
        c.fileOffset = fileSize + vsize;
        vsize += c.size();
        if (c.hasData()) raw = align(vsize, config.fileAlignment);
      }
      if (vsize > 0xFFFFFFFFL) throw diag.fatal("section larger than 4 GiB: " + sec.name);
      sec.virtualSize = vsize;
      sec.rawSize = raw;
      sec.fileOffset = raw == 0 ? 0 : fileSize;
      rva += align(vsize, config.sectionAlignment);
      fileSize += align(raw, config.fileAlignment);
    }
    sizeOfImage = align(rva, config.sectionAlignment);
    if (sizeOfImage > 0xFFFFFFFFL) throw diag.fatal("image larger than 4 GiB");
  }

  private void addBaseRelocs() {
    BaseRelocs br = new BaseRelocs();
    for (OutputSection sec : sections) {
      if (sec == reloc) break;
      if ((sec.characteristics & Coff.SCN_MEM_DISCARDABLE) != 0) continue;
      for (Chunk c : sec.chunks) c.collectBaseRelocs(br, this);
    }
    reloc.chunks.addAll(br.blocks());
  }

  static long align(long v, long a) { return (v + a - 1) & -a; }

  long va(Symbol s) { return s.rva(imageBase) + imageBase; }

  long rva(Symbol s) { return s.rva(imageBase); }

  int absoluteSectionIndex() { return sections.size() + 1; }

  // ---- output ----

  private void write() {
    symtab.nameSections(sections, config.mingw || config.debugDwarf);
    // The COFF symbol table goes after the sections; it is built on its own thread while the
    // sections are written and appended to the file afterwards.
    java.util.concurrent.CompletableFuture<byte[]> symbols = new java.util.concurrent.CompletableFuture<>();
    Thread.ofPlatform().name("jwin-symtab").start(() -> {
      try {
        if (config.debugDwarf) symtab.addSymbols(ctx, this);
        symbols.complete(symtab.bytes());
      } catch (Throwable t) {
        symbols.completeExceptionally(t);
      }
    });
    stringTableOffset = fileSize;
    Path out = Path.of(config.output).toAbsolutePath();
    Path dir = out.getParent();
    Path tmp = null;
    try {
      if (dir != null) Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, out.getFileName() + ".", ".tmp");
      try (Arena arena = Arena.ofShared();
           FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        MemorySegment buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileSize, arena);
        ctx.time("write sections", () -> writeSections(buf));
        diag.checkpoint();
        sortExceptionTable(buf);
        fixTlsAlignment(buf);
        ctx.time("symbol table", () -> stringTable = symbols.join());
        if (stringTable.length > 0) ch.write(java.nio.ByteBuffer.wrap(stringTable), fileSize);
        timestamp = config.timestamp != null ? config.timestamp : 0;
        writeHeaders(buf);
        if (codeView != null || (config.repro && config.timestamp == null)) ctx.time("build id", () -> finishBuildId(buf));
        if (config.release) writeChecksum(buf);
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (IOException e) {
      throw diag.fatal("cannot write " + config.output + ": " + Options.ioReason(e));
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the link already failed
        }
      }
    }
  }

  private void writeSections(MemorySegment buf) {
    List<Chunk> all = new ArrayList<>();
    for (OutputSection s : sections) {
      if ((s.characteristics & Coff.SCN_CNT_CODE) != 0 && s.rawSize > 0) buf.asSlice(s.fileOffset, s.rawSize).fill((byte) 0xCC);
      for (Chunk c : s.chunks) if (c.hasData() && c.size() > 0) all.add(c);
    }
    all.parallelStream().forEach(c -> c.writeTo(buf.asSlice(c.fileOffset, c.size()), this));
  }

  /** x64 .pdata must be sorted by function start for the unwinder's binary search. */
  private void sortExceptionTable(MemorySegment buf) {
    if (pdataRange() == null) return;
    long[] range = pdataRange();
    int n = (int) ((range[1] - range[0]) / 12);
    long[][] entries = new long[n][];
    for (int i = 0; i < n; i++) {
      long o = range[0] + 12L * i;
      entries[i] = new long[] {Le.u32(buf, o), Le.u32(buf, o + 4), Le.u32(buf, o + 8)};
    }
    java.util.Arrays.sort(entries, Comparator.comparingLong(e -> e[0]));
    for (int i = 0; i < n; i++) {
      long o = range[0] + 12L * i;
      Le.put32(buf, o, entries[i][0]);
      Le.put32(buf, o + 4, entries[i][1]);
      Le.put32(buf, o + 8, entries[i][2]);
    }
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

  private void fixTlsAlignment(MemorySegment buf) {
    Symbol tls = ctx.symtab.findUnderscore("_tls_used");
    if (tls == null || !tls.isDefined() || tlsAlignment <= 0) return;
    Chunk c = tls.definingChunk();
    if (c == null || c.out == null) return;
    long off = c.fileOffset + tls.value + 36;
    if (off + 4 > c.out.fileOffset + c.out.rawSize) throw diag.fatal("_tls_used sym is malformed");
    int bits = Integer.numberOfTrailingZeros(tlsAlignment) + 1;
    Le.put32(buf, off, (Le.u32(buf, off) & ~Coff.SCN_ALIGN_MASK) | ((long) bits << 20));
  }

  private void writeHeaders(MemorySegment buf) {
    // DOS header and stub (the conventional "cannot be run in DOS mode" program).
    Le.put16(buf, 0, 0x5A4D);
    Le.put16(buf, 2, DOS_STUB_SIZE);
    Le.put16(buf, 4, 1);
    Le.put16(buf, 8, 4);
    Le.put16(buf, 0x18, 0x40);
    Le.put32(buf, 0x3C, DOS_STUB_SIZE);
    byte[] prog = {0x0E, 0x1F, (byte) 0xBA, 0x0E, 0x00, (byte) 0xB4, 0x09, (byte) 0xCD, 0x21, (byte) 0xB8, 0x01, 0x4C,
        (byte) 0xCD, 0x21};
    MemorySegment.copy(MemorySegment.ofArray(prog), 0, buf, 0x40, prog.length);
    byte[] msg = "This program cannot be run in DOS mode.$".getBytes(StandardCharsets.US_ASCII);
    MemorySegment.copy(MemorySegment.ofArray(msg), 0, buf, 0x40 + prog.length, msg.length);

    long pe = DOS_STUB_SIZE;
    Le.put32(buf, pe, 0x00004550); // "PE\0\0"
    long coff = pe + 4;
    Le.put16(buf, coff, config.machine);
    Le.put16(buf, coff + 2, sections.size());
    Le.put32(buf, coff + 4, timestamp);
    Le.put32(buf, coff + 8, stringTable.length > 0 ? stringTableOffset : 0);
    Le.put32(buf, coff + 12, symtab.symbolCount);
    Le.put16(buf, coff + 16, PE32PLUS_HEADER_SIZE);
    int chars = Coff.FILE_EXECUTABLE_IMAGE;
    if (config.largeAddressAware) chars |= Coff.FILE_LARGE_ADDRESS_AWARE;
    if (config.dll) chars |= Coff.FILE_DLL;
    if (config.fixed) chars |= Coff.FILE_RELOCS_STRIPPED;
    Le.put16(buf, coff + 18, chars);

    long opt = coff + 20;
    long codeSize = 0, initSize = 0, uninitSize = 0;
    for (OutputSection s : sections) {
      if ((s.characteristics & Coff.SCN_CNT_CODE) != 0) codeSize += s.rawSize;
      if ((s.characteristics & Coff.SCN_CNT_INITIALIZED_DATA) != 0) initSize += s.rawSize;
      if ((s.characteristics & Coff.SCN_CNT_UNINITIALIZED_DATA) != 0) uninitSize += s.rawSize;
    }
    Le.put16(buf, opt, 0x20B);
    Le.put8(buf, opt + 2, 14);
    Le.put8(buf, opt + 3, 0);
    Le.put32(buf, opt + 4, codeSize);
    Le.put32(buf, opt + 8, initSize);
    Le.put32(buf, opt + 12, uninitSize);
    Le.put32(buf, opt + 16, entryRva());
    OutputSection t = sectionNamed(".text");
    Le.put32(buf, opt + 20, t == null ? 0 : t.rva);
    Le.put64(buf, opt + 24, imageBase);
    Le.put32(buf, opt + 32, config.sectionAlignment);
    Le.put32(buf, opt + 36, config.fileAlignment);
    Le.put16(buf, opt + 40, config.majorOsVersion);
    Le.put16(buf, opt + 42, config.minorOsVersion);
    Le.put16(buf, opt + 44, config.majorImageVersion);
    Le.put16(buf, opt + 46, config.minorImageVersion);
    boolean efi = config.subsystem >= Coff.SUBSYSTEM_EFI_APPLICATION && config.subsystem <= Coff.SUBSYSTEM_EFI_ROM;
    Le.put16(buf, opt + 48, config.majorSubsystemVersion >= 0 ? config.majorSubsystemVersion : efi ? 1 : 6);
    Le.put16(buf, opt + 50, config.minorSubsystemVersion >= 0 ? config.minorSubsystemVersion : 0);
    Le.put32(buf, opt + 56, sizeOfImage);
    Le.put32(buf, opt + 60, sizeOfHeaders);
    Le.put16(buf, opt + 68, config.subsystem);
    int dllChars = 0;
    if (!config.fixed && config.dynamicBase) dllChars |= Coff.DLLCHAR_DYNAMIC_BASE;
    if (!config.fixed && config.dynamicBase && config.highEntropyVa) dllChars |= Coff.DLLCHAR_HIGH_ENTROPY_VA;
    if (config.nxCompat) dllChars |= Coff.DLLCHAR_NX_COMPAT;
    if (!config.dll && config.terminalServerAware) dllChars |= Coff.DLLCHAR_TERMINAL_SERVER_AWARE;
    Le.put16(buf, opt + 70, dllChars);
    Le.put64(buf, opt + 72, config.stackReserve);
    Le.put64(buf, opt + 80, config.stackCommit);
    Le.put64(buf, opt + 88, config.heapReserve);
    Le.put64(buf, opt + 96, config.heapCommit);
    Le.put32(buf, opt + 108, Coff.NUM_DIRECTORIES);
    writeDataDirectories(buf, opt + 112);

    long sh = opt + PE32PLUS_HEADER_SIZE;
    for (OutputSection s : sections) {
      Integer strOff = symtab.sectionNameOffsets.get(s);
      byte[] nm = (strOff != null ? "/" + strOff : s.name).getBytes(StandardCharsets.UTF_8);
      MemorySegment.copy(MemorySegment.ofArray(nm), 0, buf, sh, Math.min(8, nm.length));
      Le.put32(buf, sh + 8, s.virtualSize);
      Le.put32(buf, sh + 12, s.rva);
      Le.put32(buf, sh + 16, s.rawSize);
      Le.put32(buf, sh + 20, s.fileOffset);
      Le.put32(buf, sh + 36, s.characteristics);
      sh += SECTION_HEADER_SIZE;
    }
  }

  private long entryRva() {
    if (config.noEntry || config.entry == null) return 0;
    Symbol e = ctx.symtab.find(ctx.symtab.mangle(config.entry));
    return e == null || !e.isDefined() ? 0 : e.rva(imageBase);
  }

  private void writeDataDirectories(MemorySegment buf, long dd) {
    if (edataStart != null) dir(buf, dd, Coff.DIR_EXPORT, edataStart.rva, edataEnd.rva + edataEnd.size() - edataStart.rva);
    long[] partStart = groupRange(".idata$2");
    if (partStart != null) dir(buf, dd, Coff.DIR_IMPORT, partStart[0], partStart[1]);
    long[] iat = groupRange(".idata$5");
    if (iat != null) dir(buf, dd, Coff.DIR_IAT, iat[0], iat[1]);
    OutputSection rsrc = sectionNamed(".rsrc");
    if (rsrc != null) dir(buf, dd, Coff.DIR_RESOURCE, rsrc.rva, rsrc.virtualSize);
    OutputSection p = sectionNamed(".pdata");
    if (p != null && !p.chunks.isEmpty()) {
      Chunk first = p.chunks.getFirst(), last = p.chunks.getLast();
      dir(buf, dd, Coff.DIR_EXCEPTION, first.rva, last.rva + last.size() - first.rva);
    }
    OutputSection r = sectionNamed(".reloc");
    if (r != null) dir(buf, dd, Coff.DIR_BASERELOC, r.rva, r.virtualSize);
    if (debugDirectory != null) dir(buf, dd, Coff.DIR_DEBUG, debugDirectory.rva, debugDirectory.size());
    Symbol tls = ctx.symtab.findUnderscore("_tls_used");
    if (tls != null && tls.isDefined()) dir(buf, dd, Coff.DIR_TLS, tls.rva(imageBase), config.is64() ? 40 : 24);
    Symbol lc = ctx.symtab.findUnderscore("_load_config_used");
    if (lc != null && lc.isDefined() && lc.definingChunk() != null) {
      Chunk c = lc.definingChunk();
      if (!c.hasData() || lc.value + 4 > c.size()) throw diag.fatal("_load_config_used is malformed");
      long size = Le.u32(buf, c.fileOffset + lc.value);
      if (lc.value + size > c.size()) throw diag.fatal("_load_config_used is too large");
      dir(buf, dd, Coff.DIR_LOAD_CONFIG, lc.rva(imageBase), size);
    }
  }

  /** [rva, size] of the chunks binned under one grouped name such as ".idata$2". */
  private long[] groupRange(String group) {
    List<Chunk> list = null;
    for (Map.Entry<Key, List<Chunk>> e : partials.entrySet()) {
      if (e.getKey().name.equals(group) && !e.getValue().isEmpty()) {
        list = e.getValue();
        break;
      }
    }
    if (list == null) return null;
    long size = 0;
    for (Chunk c : list) size += c.size();
    return new long[] {list.getFirst().rva, size};
  }

  private static void dir(MemorySegment buf, long dd, int index, long rva, long size) {
    Le.put32(buf, dd + 8L * index, rva);
    Le.put32(buf, dd + 8L * index + 4, size);
  }

  /** The CodeView GUID (and, with -Brepro, the timestamp) is a hash of the image itself. */
  private void finishBuildId(MemorySegment buf) {
    byte[] hash = contentHash(buf, stringTable);
    if (codeView != null) MemorySegment.copy(MemorySegment.ofArray(hash), 0, buf, codeView.fileOffset + 4, 16);
    if (config.repro && config.timestamp == null) {
      timestamp = Le.u32(MemorySegment.ofArray(hash), 16);
      Le.put32(buf, DOS_STUB_SIZE + 8, timestamp);
      if (debugDirectory != null) Le.put32(buf, debugDirectory.fileOffset + 4, timestamp);
    }
  }

  /** SHA-256 over the CRC32C of each 1 MiB block (computed in parallel): fast and deterministic. */
  static byte[] contentHash(MemorySegment buf, byte[] tail) {
    long size = buf.byteSize();
    int blocks = (int) ((size + (1 << 20) - 1) >>> 20);
    long[] crcs = new long[blocks];
    java.util.stream.IntStream.range(0, blocks).parallel().forEach(i -> {
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      long start = (long) i << 20;
      crc.update(buf.asSlice(start, Math.min(1 << 20, size - start)).asByteBuffer());
      crcs[i] = crc.getValue();
    });
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * blocks + 8);
      for (long c : crcs) b.putLong(c);
      b.putLong(size);
      md.update(b.array());
      return md.digest(tail);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The PE checksum (-RELEASE): 16-bit one's-complement sum of the whole file plus its length. */
  private void writeChecksum(MemorySegment buf) {
    long checksumOff = DOS_STUB_SIZE + 4 + 20 + 64;
    long size = buf.byteSize(), sum = 0;
    for (long i = 0; i + 1 < size; i += 2) {
      if (i == checksumOff || i == checksumOff + 2) continue;
      sum += Le.u16(buf, i);
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    // The symbol table follows at an even (file-aligned) offset.
    byte[] t = stringTable;
    for (int i = 0; i < t.length; i += 2) {
      sum += (t[i] & 0xFF) | (i + 1 < t.length ? (t[i + 1] & 0xFF) << 8 : 0);
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    Le.put32(buf, checksumOff, (sum & 0xFFFF) + size + t.length);
  }

}
