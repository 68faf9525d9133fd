package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Machine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the command line (and .drectve sections) decided. Filled by {@link Options}, read by the passes;
 * nothing the link works out (the machine from the inputs, the entry point, the subsystem) is written back here.
 */
public final class Config {
  public String output;
  /** -machine:, or null to take the inputs' machine. */
  public Machine machine;
  public String entry;
  public boolean noEntry;
  public boolean dll;
  public int subsystem = Coff.SUBSYSTEM_UNKNOWN;
  public int majorSubsystemVersion = -1, minorSubsystemVersion = -1;
  public int majorOsVersion = 6, minorOsVersion = 0;
  public int majorImageVersion, minorImageVersion;
  public long imageBase = -1;
  public long stackReserve = 1 << 20, stackCommit = 1 << 12;
  public long heapReserve = 1 << 20, heapCommit = 1 << 12;
  public int sectionAlignment = 4096;
  public int fileAlignment = 512;
  public final List<String> libPaths = new ArrayList<>();
  public final List<String> inputs = new ArrayList<>();
  /** Indices into {@link #inputs} named between /start-lib and /end-lib: objects loaded only when needed. */
  public final Set<Integer> lazyInputs = new java.util.HashSet<>();
  public final List<String> defaultLibs = new ArrayList<>();
  public final Set<String> noDefaultLibs = new LinkedHashSet<>();
  public boolean noDefaultLibAll;
  public final List<String> includes = new ArrayList<>();
  public final Map<String, String> alternateNames = new LinkedHashMap<>();
  public final Map<String, String> merges = new LinkedHashMap<>();
  /** Section name to characteristics override from -SECTION:. */
  public final Map<String, Integer> sectionAttributes = new LinkedHashMap<>();
  public final Map<String, Integer> alignComm = new LinkedHashMap<>();
  public final List<String> exports = new ArrayList<>();
  public boolean exportAllSymbols;
  /** -kill-at: x86 exports without their stdcall/fastcall "@N". */
  public boolean killAt;
  public boolean excludeAllSymbols;
  public final Set<String> excludeSymbols = new LinkedHashSet<>();
  public String implib;
  public boolean noImplib;
  public String defFile;
  public boolean doGc = true;
  public boolean gcExplicit;
  /** Identical code folding (/opt:icf, /opt:safeicf, /opt:noicf); null until options are read: ALL if /opt:ref is in effect. */
  public IcfLevel icf;
  /** /opt:lldtailmerge (ON), /opt:nolldtailmerge (OFF); DEFAULT: on when ICF is. */
  public TailMerge tailMerge = TailMerge.DEFAULT;
  /** /profile: references stay, nothing is folded. */
  public boolean profile;
  /** /order:@file. */
  public String orderFile;
  /** /call-graph-ordering-file:. */
  public String callGraphOrderingFile;
  /** /call-graph-profile-sort[:no]: sort sections by call-graph profile (the file, or the objects' .llvm.call-graph-profile). */
  public boolean callGraphProfileSort = true;
  /** /ignore:N: link.exe warning numbers not to print (jwin knows 4037, a symbol missing for /order). */
  public final Set<Long> ignoredWarnings = new LinkedHashSet<>();
  /** /print-symbol-order:: where the call-graph order is written. */
  public String printSymbolOrder;
  public boolean dynamicBase = true;
  /** -highentropyva[:no]; null: on for 64-bit machines. */
  public Boolean highEntropyVa;
  public boolean nxCompat = true;
  /** -safeseh[:no]; null: on for x86 except under -lldmingw. */
  public Boolean safeSeh;
  /** -stdcall-fixup[:no] (null: neither given); without the option lld-link warns about each fixup it makes. */
  public Boolean stdcallFixup;
  /** -noseh: the image has no SEH handlers (x86). */
  public boolean noSeh;
  /** -largeaddressaware[:no]; null: on for 64-bit machines. */
  public Boolean largeAddressAware;
  public boolean terminalServerAware = true;
  public boolean fixed;
  public boolean debug;
  public boolean debugDwarf;
  public int errorLimit = 20;
  public boolean verbose;
  public Long timestamp;
  public boolean repro;
  public boolean mingw;
  public boolean autoImport = true;
  public boolean pseudoRelocs = true;
  public boolean warningsAsErrors;
  public boolean forceMultiple;
  public boolean forceUnresolved;
  /** /manifest, /manifestuac:, /manifestdependency:, /manifestfile:, /manifestinput:. */
  public final Manifest.Settings manifest = new Manifest.Settings();
  /** /force:multipleres: duplicate resources are warnings. */
  public boolean forceMultipleRes;
  public String mapFile;
  public boolean time;
  /** /threads:N: parallelism of the parallel passes; 0 = the common pool (all cores). */
  public int threads;
  public boolean demangle = true;
  public boolean release;
  /** Extra file-header characteristics (/swaprun, /driver:uponly). */
  public int fileCharacteristics;
  /** Extra optional-header DLL characteristics (/appcontainer, /integritycheck, /allowbind:no, ...). */
  public int dllCharacteristics;
  /** /includeoptional: symbols pulled from archives when some archive offers them; never an error. */
  public final List<String> includeOptional = new ArrayList<>();
  /** /wholearchive: every member of these libraries (by {@link Paths#libKey}), or of all with no value. */
  public final Set<String> wholeArchive = new LinkedHashSet<>();
  public boolean wholeArchiveAll;
  /** /reproduce: (or /linkrepro:'s repro.tar): a tar of the inputs and a response file that re-runs the link. */
  public String reproduce;
  /** /incremental (given; jwin never links incrementally, but says why as lld-link does). */
  public boolean incremental;
  /** /align: was given (lld-link warns unless /driver is too). */
  public boolean alignGiven;
  /** /driver without a value: a kernel-mode driver (then /align is expected). */
  public boolean driver;
  /** /delayload: DLL names (lower case) whose imports are delay-loaded. */
  public final Set<String> delayLoads = new LinkedHashSet<>();
  /** /guard: control-flow guard tables, a set of {@link ControlFlowGuard} levels (0: off). */
  public int guardCf;
  /** /cetcompat: the image is marked compatible with CET shadow stacks (extended DLL characteristics). */
  public boolean cetCompat;
  /** The command line as applied: environment options added, response files expanded. */
  public final List<String> arguments = new ArrayList<>();

  public enum IcfLevel { NONE, SAFE, ALL }

  public enum TailMerge { OFF, DEFAULT, ON }

  public boolean tailMerge() { return tailMerge == TailMerge.ON || tailMerge == TailMerge.DEFAULT && icf != IcfLevel.NONE; }

  public long imageBase(Machine m) {
    if (imageBase >= 0) return imageBase;
    if (m.is64Bit()) return dll ? 0x180000000L : 0x140000000L;
    return dll ? 0x10000000L : 0x400000L;
  }

  /** x86 mingw stdcall fixups: on under -lldmingw unless -stdcall-fixup:no, or with -stdcall-fixup. */
  public boolean stdcallFixup() { return stdcallFixup != null ? stdcallFixup : mingw; }

  public boolean safeSeh(Machine m) { return m == Machine.I386 && (safeSeh != null ? safeSeh : !mingw); }

  public boolean largeAddressAware(Machine m) { return largeAddressAware != null ? largeAddressAware : m.is64Bit(); }

  public boolean highEntropyVa(Machine m) { return highEntropyVa != null ? highEntropyVa : m.is64Bit(); }
}
