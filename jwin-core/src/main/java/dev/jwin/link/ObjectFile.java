package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.Coff;
import dev.jwin.coff.CoffObject;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.Le;
import dev.jwin.coff.Machine;
import dev.jwin.link.arch.Arch;

import java.util.ArrayList;
import java.util.List;

/** A COFF object file: its sections become chunks, its external symbols enter the symbol table. */
public final class ObjectFile extends InputFile {
  CoffObject coff;
  /** By 0-based section index; null for sections not linked (.drectve, removed, debug without -debug). */
  SectionChunk[] chunks;
  /** Where {@link #parse} put this object's chunks in the link's list: [firstChunk, firstChunk + chunkCount). */
  int firstChunk, chunkCount;
  /** By symbol index: the global symbol, a file-local symbol, or null (aux records, debug symbols). */
  Symbol[] symbols;
  String directives;
  /** A section name starts with ".rsrc" (checked while the object is read in parallel). */
  boolean mayHaveResources;
  /** The value of the object's {@code @feat.00} symbol (bit 0: SafeSEH-compatible). */
  int feat00;
  /** 0-based indices of the .llvm_addrsig and .llvm.call-graph-profile sections, or -1. */
  int addrsigSection = -1, callGraphSection = -1;
  /** The .sxdata section (x86 SafeSEH): symbol-table indices of the object's exception handlers. */
  Bytes sxdata;

  /** The object's SafeSEH handlers; null if it does not declare itself SafeSEH-compatible. */
  List<Symbol> safeSehHandlers() {
    if ((feat00 & 1) == 0) return null;
    List<Symbol> out = new ArrayList<>();
    if (sxdata == null) return out;
    for (long o = 0; o + 4 <= sxdata.byteSize(); o += 4) {
      long index = Le.u32(sxdata, o);
      if (index >= symbols.length || symbols[(int) index] == null)
        throw new CorruptInputException(name, ".sxdata names invalid symbol " + index);
      out.add(symbols[(int) index]);
    }
    return out;
  }

  ObjectFile(String name, Bytes data, String parentName, String memberName) {
    super(name, data, parentName, memberName);
  }

  /** External and section symbols' names by index, decoded by {@link #prepare}; null for others (see {@link #name}). */
  private String[] names;
  /** The symbol-table read {@link #prepare} began and {@link #parse} ends. */
  private SymbolReader reader;
  private boolean prepared;
  private Arch relocArch;

  /**
   * The part of reading that touches nothing shared: headers, sections, relocation checks, symbol names, COMDATs
   * and file-local symbols. Runs in parallel for command-line objects and archive members; {@link #parse} does the
   * rest in order.
   */
  void prepare(Config config, ScratchPool pool) {
    coff = CoffObject.parse(name, data);
    Scratch scratch = pool.take();
    scratch.reset(coff.numberOfSections);
    readSections(config, scratch.spans);
    int nsym = coff.numberOfSymbols;
    names = new String[nsym];
    for (int i = 0; i < nsym; i += 1 + coff.numberOfAuxSymbols(i)) {
      int sc = coff.storageClass(i);
      int sec = coff.symbolSectionNumber(i);
      if (sc == Coff.CLASS_FILE || sec == Coff.SYM_DEBUG) continue;
      if (sc == Coff.CLASS_EXTERNAL || sc == Coff.CLASS_WEAK_EXTERNAL) {
        // Hash external names here, in the parallel read: the String caches it for the symbol table.
        (names[i] = coff.symbolName(i)).hashCode();
        continue;
      }
      // A section symbol shares its section's name; other file-local names are decoded when asked
      // (name(i), Symbol.name()), most never: here they are only checked.
      SectionChunk c = sc == Coff.CLASS_STATIC && sec > 0 && sec <= chunks.length ? chunks[sec - 1] : null;
      if (c != null && coff.sectionNameLength(sec - 1) <= 8 && coff.symbolNameIs(i, c.name())) names[i] = c.name();
      else coff.checkSymbolName(i);
    }
    reader = new SymbolReader(scratch);
    reader.plan();
    prepared = true;
  }

  void parse(LinkContext ctx) {
    if (!prepared) prepare(ctx.config, ctx.readerScratch);
    if (coff.machine != 0) ctx.checkMachine(this, Machine.of(coff.machine));
    firstChunk = ctx.chunks.size();
    reader.read(ctx);
    chunkCount = ctx.chunks.size() - firstChunk;
    ctx.readerScratch.give(reader.scratch);
    names = null;
    reader = null;
  }

  /** Makes the chunks; {@code spans} gets each section's {@link CoffObject#sectionNameSpan}. */
  private void readSections(Config config, long[] spans) {
    // Relocation widths are the object's own machine's; a mismatch with the image is reported later.
    Machine m = Machine.of(coff.machine);
    Arch arch = m == null ? null : Arch.of(m);
    relocArch = arch == null ? Arch.of(Machine.AMD64) : arch;
    int n = coff.numberOfSections;
    chunks = new SectionChunk[n];
    // Names are compared in place: most sections' names are never needed as strings.
    for (int i = 0; i < n; i++) {
      int ch = coff.characteristics(i);
      long nm = spans[i] = coff.sectionNameSpan(i); // found once: the questions here and later are about every section
      if (coff.nameIs(nm, ".drectve")) {
        Bytes d = coff.sectionData(i);
        int len = (int) d.byteSize();
        // Skip a UTF-8 BOM; the directives are plain ASCII option text.
        int skip = len >= 3 && Le.u8(d, 0) == 0xEF && Le.u8(d, 1) == 0xBB && Le.u8(d, 2) == 0xBF ? 3 : 0;
        directives = directiveText(d, skip, len);
        continue;
      }
      if (coff.nameIs(nm, ".llvm_addrsig")) addrsigSection = i;
      if (coff.nameIs(nm, ".llvm.call-graph-profile")) callGraphSection = i;
      if ((ch & Coff.SCN_LNK_REMOVE) != 0) continue;
      if (coff.nameIs(nm, ".sxdata")) {
        sxdata = coff.sectionData(i);
        continue;
      }
      if (ControlFlowGuard.isTableSection(coff, nm)) {
        // Never linked; with /guard: read for the indices they list (chunks, so COMDATs can drop them).
        if (config.guardCf != 0) chunks[i] = new SectionChunk(this, i, ch, false, nm);
        continue;
      }
      boolean debug = coff.nameStartsWith(nm, ".debug");
      if (debug && coff.nameStartsWith(nm, ".debug$")) continue;
      if (debug && !config.debug && coff.nameStartsWith(nm, ".debug_")) continue;
      mayHaveResources |= coff.nameStartsWith(nm, ".rsrc");
      SectionChunk c = new SectionChunk(this, i, ch, debug, nm);
      readRelocations(c);
      chunks[i] = c;
    }
  }

  /**
   * The option text of a .drectve section: printable text (UTF-8), possibly NUL-padded at the end.
   * Anything else is not something a compiler wrote.
   */
  private String directiveText(Bytes d, int from, int len) {
    int end = len;
    while (end > from && Le.u8(d, end - 1) == 0) end--;
    byte[] b = new byte[end - from];
    for (int k = from; k < end; k++) {
      int c = Le.u8(d, k);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x0b || c == 0x7f)
        throw new CorruptInputException(name, ".drectve holds binary data (byte 0x" + Integer.toHexString(c)
            + " at offset " + k + "), not linker options");
      b[k - from] = (byte) c;
    }
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CorruptInputException(name, ".drectve holds binary data (not UTF-8 text), not linker options");
    }
  }

  /** Checks each relocation; the chunk reads the table in place ({@link SectionChunk#relocData}). */
  private void readRelocations(SectionChunk c) {
    long count = coff.relocationCount(c.index);
    if (count <= 0) return;
    if (count > Integer.MAX_VALUE / CoffObject.RELOCATION_SIZE)
      throw new CorruptInputException(name, "section " + c.name() + " claims " + count + " relocations");
    int n = (int) count;
    // parse() checked that the table lies inside the file.
    Bytes d = coff.data;
    long r = coff.relocationsStart(c.index);
    c.relocData = d;
    c.relocStart = (int) r;
    c.relocCount = n;
    long size = c.size;
    Arch arch = relocArch;
    long types = coff.checkRelocations(r, n, size, arch.relocWidths());
    if (types < 0) {
      int j = (int) (-1 - types);
      long at = r + (long) CoffObject.RELOCATION_SIZE * j;
      long sym = CoffObject.relocSymbol(d, at) & 0xffffffffL, nsym = coff.numberOfSymbols;
      if (sym >= nsym)
        throw new CorruptInputException(name, "relocation " + j + " in " + c.name() + " points past the symbol table ("
            + sym + " >= " + nsym + ")");
      long va = CoffObject.relocVirtualAddress(d, at);
      throw new CorruptInputException(name, "relocation " + j + " in " + c.name() + " at offset 0x" + Long.toHexString(va)
          + " is past the end of the section (0x" + Long.toHexString(size) + " bytes)");
    }
    c.relocTypes = (int) types;
  }

  /** Symbol {@code i}'s name, decoded if {@link #prepare} left it. */
  private String name(int i) {
    String n = names[i];
    return n != null ? n : (names[i] = coff.symbolName(i));
  }

  /** A file-local symbol for entry {@code i}: named now if {@link #prepare} decoded its name, else when asked. */
  private Symbol localSymbol(int i, Symbol.Kind kind) {
    return names[i] != null ? new Symbol(names[i], kind) : new Symbol(this, i, kind);
  }

  /** Compiler markers, not symbols (as in lld-link): @feat.00 carries the object's feature flags. */
  private boolean compilerMarker(int i) {
    if (name(i).equals("@feat.00")) {
      feat00 = (int) coff.symbolValue(i);
      return true;
    }
    return name(i).equals("@comp.id");
  }

  /** No associative section leads back to itself (a cycle would keep or drop a group on its own say). */
  private void checkComdats(int[] parents) {
    for (int i = 0; i < chunks.length; i++) {
      int p = parents[i];
      for (int steps = 0; p != 0 && steps <= chunks.length; steps++) {
        if (p == i + 1)
          throw new CorruptInputException(name, "associative comdat " + coff.sectionName(i) + " (sec " + (i + 1)
              + ") has invalid reference to section " + coff.sectionName(parents[i] - 1) + " (sec " + parents[i] + ")");
        p = parents[p - 1];
      }
    }
  }

  /** The first symbol from {@code from} on defined in section {@code sec}: the COMDAT's leader, for messages. */
  private String comdatLeaderName(int from, int sec) {
    for (int i = from; i < coff.numberOfSymbols; i += 1 + coff.numberOfAuxSymbols(i))
      if (coff.symbolSectionNumber(i) == sec && coff.storageClass(i) != Coff.CLASS_FILE) return name(i);
    return coff.sectionName(sec - 1);
  }

  private static boolean unnamedComdat(SectionChunk c) { return c.isComdat() && c.selection == 0; }

  /**
   * Where {@code f} starts in the name {@code .pdata$f}, {@code .xdata$f} or {@code .eh_frame$f} at {@code span}; -1
   * for other names.
   */
  private static int unwindInfoSuffix(CoffObject coff, long span) {
    for (String prefix : UNWIND_INFO_PREFIXES) if (coff.nameStartsWith(span, prefix)) return prefix.length();
    return -1;
  }

  /**
   * An object's executable COMDAT sections by the part of their names after the first {@code $} (the whole name
   * without one: then the empty string), the last one of a name winning; names are compared in place, each found
   * once ({@link #span}). An open-addressing table of section indices, reused from object to object.
   */
  static final class CodeByName {
    private CoffObject coff;
    private SectionChunk[] chunks;
    /** Section index + 1 (0: free), where its key starts in its name and the key's hash; the slots in use, in order. */
    private int[] slots = new int[64], starts = new int[64], hashes = new int[64], filled = new int[32];
    private int count;
    /** By section: {@link CoffObject#sectionNameSpan}, found when the object was prepared. */
    private long[] spans;

    /** Empty, for the sections of {@code coff} ({@code chunks}), whose names are at {@code spans}. */
    CodeByName reset(CoffObject coff, SectionChunk[] chunks, long[] spans) {
      this.coff = coff;
      this.chunks = chunks;
      this.spans = spans;
      for (int j = 0; j < count; j++) slots[filled[j]] = 0;
      count = 0;
      return this;
    }

    /** Where section {@code section}'s name is ({@link CoffObject#sectionNameSpan}). */
    long span(int section) { return spans[section]; }

    boolean isEmpty() { return count == 0; }

    void put(int section, int from) {
      if (2 * (count + 1) > slots.length) grow();
      long span = span(section);
      int h = coff.nameHash(span, from), k = slot(span, from, h);
      if (slots[k] == 0) filled[count++] = k;
      slots[k] = section + 1;
      starts[k] = from;
      hashes[k] = h;
    }

    /** The chunk of the section whose key equals section {@code section}'s name from {@code from} on, or null. */
    SectionChunk get(int section, int from) {
      long span = span(section);
      int k = slot(span, from, coff.nameHash(span, from));
      return slots[k] == 0 ? null : chunks[slots[k] - 1];
    }

    /** The slot of the key at {@code span} from {@code from} on (hashed {@code hash}), or the free slot for it. */
    private int slot(long span, int from, int hash) {
      int mask = slots.length - 1;
      for (int k = (hash * 0x9E3779B9 >>> 7) & mask; ; k = (k + 1) & mask)
        if (slots[k] == 0 || hashes[k] == hash && coff.nameTailsEqual(spans[slots[k] - 1], starts[k], span, from)) return k;
    }

    private void grow() {
      int[] oldSlots = slots, oldStarts = starts, oldFilled = filled;
      int n = count;
      slots = new int[2 * oldSlots.length];
      starts = new int[2 * oldSlots.length];
      hashes = new int[2 * oldSlots.length];
      filled = new int[oldSlots.length];
      count = 0;
      for (int j = 0; j < n; j++) put(oldSlots[oldFilled[j]] - 1, oldStarts[oldFilled[j]]);
    }
  }

  private static final String[] UNWIND_INFO_PREFIXES = {".pdata$", ".xdata$", ".eh_frame$"};

  /**
   * The arrays of one object's symbol-table read, from {@link #prepare} to the end of {@link #parse}, then reused for
   * another object: a large link reads tens of thousands of objects, its JVM does not collect, and what it allocates
   * it keeps. The parallel read runs a bounded way ahead of the adding ({@link InOrder#AHEAD}), so few are in use.
   */
  static final class Scratch {
    int[] sectionDefinition = new int[0], parents = new int[0], leaders = new int[0], definitionOrder = new int[0];
    boolean[] leaderSeen = new boolean[0], placed = new boolean[0];
    SectionChunk[] associated = new SectionChunk[0];
    /** By section: where its name is ({@link CoffObject#sectionNameSpan}); filled by {@link #readSections}. */
    long[] spans = new long[0];
    int[] externals = new int[16], deferred = new int[8], weak = new int[8];

    /** Room for {@code nsec} sections, the first {@code nsec} entries cleared (but {@link #spans}, filled anew). */
    void reset(int nsec) {
      if (parents.length < nsec) {
        int n = Math.max(nsec, 2 * parents.length);
        sectionDefinition = new int[n];
        parents = new int[n];
        leaders = new int[n];
        definitionOrder = new int[n];
        leaderSeen = new boolean[n];
        placed = new boolean[n];
        associated = new SectionChunk[n];
        spans = new long[n];
        return;
      }
      java.util.Arrays.fill(sectionDefinition, 0, nsec, 0);
      java.util.Arrays.fill(parents, 0, nsec, 0);
      java.util.Arrays.fill(leaderSeen, 0, nsec, false);
      java.util.Arrays.fill(placed, 0, nsec, false);
      java.util.Arrays.fill(associated, 0, nsec, null);
    }
  }

  /** {@link Scratch}es not in use, shared by the threads that read objects. */
  static final class ScratchPool {
    private final java.util.ArrayDeque<Scratch> free = new java.util.ArrayDeque<>();

    synchronized Scratch take() {
      Scratch s = free.poll();
      return s != null ? s : new Scratch();
    }

    synchronized void give(Scratch s) {
      free.push(s);
    }
  }

  /**
   * An object's symbol-table read, in two steps. {@link #plan}, in the parallel read ({@link #prepare}), does all that
   * depends on the object alone: COMDAT section definitions and associative links, file-local symbols, which symbol
   * leads which COMDAT, and the list of external symbols. {@link #read}, in command-line order on the link's thread,
   * adds the external symbols to the symbol table and the object's sections to the link. Each symbol entry is handled
   * by a method of its own (small methods are compiled after a few objects, where one large loop would run
   * interpreted and then be compiled again and again on stack replacement), with the state in flat arrays.
   */
  private final class SymbolReader {
    final int nsym = coff.numberOfSymbols, nsec = coff.numberOfSections;
    /** Where the arrays below come from, and go back to once the object is added. */
    final Scratch scratch;
    /** By 0-based section: the symbol index of its (first) section definition; its associative parent (1-based). */
    final int[] sectionDefinition, parents;
    /** By 0-based section: a leader (or, for associative sections, the definition) has been seen; placed in the link. */
    final boolean[] leaderSeen, placed;
    /** COMDAT sections in the order of their leaders. */
    final int[] leaders;
    int leaderCount;
    /** Sections in the order of their section definitions, and the associated chunk linked for each (or null). */
    final int[] definitionOrder;
    int definitionCount;
    final SectionChunk[] associated;
    /**
     * External symbols for the symbol table, in index order (COMDAT leaders among them); definitions in COMDAT
     * sections that wait for their leader's verdict; weak externals and their targets.
     */
    int[] externals, deferred, weak;
    int externalCount, deferredCount, weakCount;

    /** {@code scratch}: reset for this object's sections. */
    SymbolReader(Scratch scratch) {
      this.scratch = scratch;
      sectionDefinition = scratch.sectionDefinition;
      parents = scratch.parents;
      leaderSeen = scratch.leaderSeen;
      placed = scratch.placed;
      leaders = scratch.leaders;
      definitionOrder = scratch.definitionOrder;
      associated = scratch.associated;
      externals = scratch.externals;
      deferred = scratch.deferred;
      weak = scratch.weak;
      symbols = new Symbol[nsym];
    }

    /** What depends on this object alone; touches nothing shared, so objects do it in parallel. */
    void plan() {
      // Pass 1: COMDAT section definitions and associative links.
      for (int i = 0; i < nsym; i += 1 + coff.numberOfAuxSymbols(i)) comdatDefinition(i);
      checkComdats(parents);
      // As lld-link: a COMDAT section no section definition names is not linked (GNU as leaves i686
      // .eh_frame$f so), and no symbol is defined in it.
      for (SectionChunk c : chunks) if (c != null && c.isComdat() && c.selection == 0) c.discarded = true;
      // Pass 2: file-local symbols; external ones are listed. COMDAT leaders decide their section; other definitions
      // in COMDAT sections wait.
      for (int i = 0; i < nsym; i += 1 + coff.numberOfAuxSymbols(i)) symbol(i);
    }

    /** Adds the external symbols to the symbol table and the object's linked sections to the link's chunks in {@link #linkOrder}. */
    void read(LinkContext ctx) {
      SymbolTable symtab = ctx.symtab;
      for (int k = 0; k < externalCount; k++) external(symtab, externals[k]);
      for (int k = 0; k < deferredCount; k++) {
        int i = deferred[k];
        SectionChunk c = chunks[coff.symbolSectionNumber(i) - 1];
        if (!c.discarded) symbols[i] = symtab.addRegular(names[i], ObjectFile.this, c, coff.symbolValue(i));
      }
      associateUnwindInfo(ctx.config.mingw ? ctx.unwindCode : null);
      for (int k = 0; k < weakCount; k += 2) {
        Symbol src = symbols[weak[k]];
        Symbol target = symbols[weak[k + 1]];
        if (target == null) continue;
        if (src.kind == Symbol.Kind.UNDEFINED && src.weakAlias == null) src.weakAlias = target;
      }
      linkOrder(ctx);
    }

    private void comdatDefinition(int i) {
      int aux = coff.numberOfAuxSymbols(i);
      if (i + aux >= nsym && aux > 0)
        throw new CorruptInputException(name, "symbol " + i + " has " + aux + " aux records past the end of the symbol table");
      int sec = coff.symbolSectionNumber(i);
      if (coff.storageClass(i) != Coff.CLASS_STATIC || sec <= 0 || coff.symbolValue(i) != 0) return;
      if (sec > nsec) throw new CorruptInputException(name, "symbol " + i + " has invalid section number " + sec);
      SectionChunk c = chunks[sec - 1];
      if (aux == 0) {
        // GNU as may leave a COMDAT section without any section symbol, but one that is there must
        // carry the definition: without it the COMDAT's selection is unknown.
        if (c != null && c.isComdat() && c.name().equals(name(i)))
          throw new CorruptInputException(name, "section symbol of COMDAT section " + c.name() + " (sec " + sec
              + ") has no section definition aux record");
        return;
      }
      if (c == null || !c.isComdat()) return;
      long a = coff.auxOffset(i, 0);
      int sel = coff.auxSectionSelection(a);
      if (c.selection != 0) return; // first definition counts
      sectionDefinition[sec - 1] = i;
      definitionOrder[definitionCount++] = sec - 1;
      if (sel < Coff.COMDAT_NODUPLICATES || sel > Coff.COMDAT_LARGEST)
        throw new CorruptInputException(name, "unknown comdat type " + sel + " for " + comdatLeaderName(i + 1 + aux, sec));
      c.selection = (byte) sel;
      c.checksum = (int) coff.auxSectionChecksum(a);
      if (sel == Coff.COMDAT_ASSOCIATIVE) {
        int parent = coff.auxSectionNumber(a);
        if (parent <= 0 || parent > nsec)
          throw new CorruptInputException(name, "associative section " + c.name() + " names invalid parent section " + parent);
        parents[sec - 1] = parent;
        associated[sec - 1] = c;
        SectionChunk p = chunks[parent - 1];
        if (p != null) p.addAssocChild(c);
        else if (!c.isDebug) c.discarded = true; // parent not linked: neither is the child
        leaderSeen[sec - 1] = true; // associative sections have no leader
      }
    }

    private void lead(int sec) {
      leaderSeen[sec] = true;
      leaders[leaderCount++] = sec;
    }

    private void symbol(int i) {
      int sc = coff.storageClass(i);
      int sec = coff.symbolSectionNumber(i);
      if (sc == Coff.CLASS_FILE || sec == Coff.SYM_DEBUG) return;
      if (sec > nsec || sec < Coff.SYM_DEBUG)
        throw new CorruptInputException(name, "symbol " + i + " has invalid section number " + sec);
      if (sc == Coff.CLASS_EXTERNAL || sc == Coff.CLASS_WEAK_EXTERNAL) listExternal(i, sc, sec);
      else if (sec > 0) local(i, sc, sec);
      else if (sec == Coff.SYM_ABSOLUTE && !compilerMarker(i)) {
        Symbol s = localSymbol(i, Symbol.Kind.ABSOLUTE);
        s.value = coff.symbolValue(i);
        symbols[i] = s;
      }
    }

    private void local(int i, int sc, int sec) {
      SectionChunk c = chunks[sec - 1];
      if (c == null || unnamedComdat(c)) return;
      Symbol s = localSymbol(i, Symbol.Kind.REGULAR);
      s.file = ObjectFile.this;
      s.chunk = c;
      s.value = coff.symbolValue(i);
      symbols[i] = s;
      // A static symbol that is the first after the section definition leads a COMDAT that
      // cannot be shared: keep it.
      if (c.selection != 0 && !leaderSeen[sec - 1] && !(coff.numberOfAuxSymbols(i) > 0 && s.value == 0 && sc == Coff.CLASS_STATIC))
        lead(sec - 1);
    }

    /** Checks external symbol {@code i} and lists it for the symbol table (or, in a COMDAT it does not lead, as waiting). */
    private void listExternal(int i, int sc, int sec) {
      if (sec == Coff.SYM_UNDEFINED && sc == Coff.CLASS_WEAK_EXTERNAL) {
        if (coff.numberOfAuxSymbols(i) == 0) throw new CorruptInputException(name, "weak external " + names[i] + " has no aux record");
        int tag = coff.auxWeakTagIndex(coff.auxOffset(i, 0));
        if (tag < 0 || tag >= nsym) throw new CorruptInputException(name, "weak external " + names[i] + " names invalid symbol " + tag);
        if (weakCount == weak.length) weak = scratch.weak = java.util.Arrays.copyOf(weak, 2 * weakCount);
        weak[weakCount++] = i;
        weak[weakCount++] = tag;
      } else if (sec == Coff.SYM_ABSOLUTE) {
        if (compilerMarker(i)) return;
      } else if (sec > 0) {
        SectionChunk c = chunks[sec - 1];
        if (c == null || unnamedComdat(c)) return; // defined in a section we do not link (e.g. debug info)
        if (c.selection != 0 && !leaderSeen[sec - 1]) {
          lead(sec - 1);
        } else if (c.selection != 0) {
          if (deferredCount == deferred.length) deferred = scratch.deferred = java.util.Arrays.copyOf(deferred, 2 * deferredCount);
          deferred[deferredCount++] = i;
          return;
        }
      }
      if (externalCount == externals.length) externals = scratch.externals = java.util.Arrays.copyOf(externals, 2 * externalCount);
      externals[externalCount++] = i;
    }

    /** Adds listed external symbol {@code i} to the symbol table: a COMDAT section it is in, it leads. */
    private void external(SymbolTable symtab, int i) {
      String sname = names[i];
      int sec = coff.symbolSectionNumber(i);
      if (sec == Coff.SYM_UNDEFINED) {
        if (coff.storageClass(i) == Coff.CLASS_WEAK_EXTERNAL) symbols[i] = symtab.addUndefined(sname, ObjectFile.this, true);
        else if (coff.symbolValue(i) != 0) symbols[i] = symtab.addCommon(sname, ObjectFile.this, coff.symbolValue(i));
        else symbols[i] = symtab.addUndefined(sname, ObjectFile.this, false);
      } else if (sec == Coff.SYM_ABSOLUTE) {
        symbols[i] = symtab.addAbsolute(sname, ObjectFile.this, coff.symbolValue(i));
      } else {
        SectionChunk c = chunks[sec - 1];
        if (c.selection != 0) symbols[i] = symtab.addComdat(sname, ObjectFile.this, c, coff.symbolValue(i));
        else symbols[i] = symtab.addRegular(sname, ObjectFile.this, c, coff.symbolValue(i));
      }
    }

    /**
     * As lld-link, a COMDAT section without a leader is dropped unless something associates it: in mingw
     * mode {@code .pdata$f}, {@code .xdata$f} and {@code .eh_frame$f} go with this object's prevailing
     * executable COMDAT {@code .text$f} (named by the part after {@code $}, not by its leader). lld-link-14
     * does so even for such a section that a leader of its own already linked (clang's {@code .xdata$f}
     * holding a {@code GCC_except_table} symbol): the image then holds it twice, and its section symbol
     * names the associated copy. Records the sections associated so in {@link #associated}.
     */
    private void associateUnwindInfo(CodeByName code) {
      if (code != null) {
        code.reset(coff, chunks, scratch.spans);
        for (int i = 0; i < chunks.length; i++) {
          SectionChunk c = chunks[i];
          if (c == null || c.discarded || !c.isComdat() || c.selection == Coff.COMDAT_ASSOCIATIVE) continue;
          if (!leaderSeen[i] || (c.characteristics & Coff.SCN_MEM_EXECUTE) == 0) continue;
          long span = code.span(i);
          int dollar = coff.nameIndexOf(span, '$');
          code.put(i, dollar < 0 ? CoffObject.nameLength(span) : dollar + 1);
        }
      }
      for (int i = 0; i < chunks.length; i++) {
        SectionChunk c = chunks[i];
        if (c == null || unnamedComdat(c) || !c.isComdat() || c.selection == Coff.COMDAT_ASSOCIATIVE) continue;
        if (!leaderSeen[i] && c.discarded) continue;
        int suffix = code == null || code.isEmpty() ? -1 : unwindInfoSuffix(coff, code.span(i));
        SectionChunk parent = suffix < 0 ? null : code.get(i, suffix);
        if (parent == null) {
          if (!leaderSeen[i]) c.discarded = true;
          continue;
        }
        SectionChunk assoc = c;
        if (leaderSeen[i]) {
          assoc = new SectionChunk(ObjectFile.this, i, c.characteristics, c.isDebug, scratch.spans[i]);
          assoc.shareRelocations(c);
          assoc.checksum = c.checksum;
          Symbol def = symbols[sectionDefinition[i]];
          if (def != null) def.chunk = assoc;
        }
        assoc.selection = Coff.COMDAT_ASSOCIATIVE;
        parent.addAssocChild(assoc);
        associated[i] = assoc;
      }
    }

    /**
     * The object's sections in the order lld-link-14 adds them to the image ({@code ObjFile::initializeChunks},
     * then {@code initializeSymbols}): sections outside COMDATs by section index; COMDAT sections in the order
     * of their leaders in the symbol table; then associative sections (by their parent or, under -lldmingw, by
     * name) in the order of their section definitions in the symbol table. COMDATs nothing leads or associates
     * are discarded and come last. Control-flow guard tables are not linked.
     */
    private void linkOrder(LinkContext ctx) {
      for (SectionChunk c : chunks) if (c != null && !c.isComdat()) link(ctx, c);
      for (int k = 0; k < leaderCount; k++) {
        link(ctx, chunks[leaders[k]]);
        placed[leaders[k]] = true;
      }
      for (int k = 0; k < definitionCount; k++) {
        SectionChunk c = associated[definitionOrder[k]];
        if (c == null) continue;
        link(ctx, c);
        if (chunks[c.index] == c) placed[c.index] = true;
      }
      for (SectionChunk c : chunks) if (c != null && c.isComdat() && !placed[c.index]) link(ctx, c);
    }

    /** Adds {@code c} to the link's chunks, unless it is a control-flow guard table (read under /guard only). */
    private void link(LinkContext ctx, SectionChunk c) {
      if (ctx.config.guardCf == 0 || !ControlFlowGuard.isTableSection(coff, c.index)) ctx.chunks.add(c);
    }
  }
}
