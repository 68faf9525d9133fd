package dev.jwin.link;

import dev.jwin.coff.Coff;
import dev.jwin.coff.Machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lld-link command line: options start with {@code /} or {@code -}, names are case-insensitive,
 * values follow a {@code :}, {@code @file} reads a response file. As in lld-link, an unknown {@code -option}
 * is a warning (an error under /wx) and an unknown {@code /name} is an input file.
 */
public final class Options {
  private final Config config;
  private final Diagnostics diag;

  private final Map<String, String> env;
  /** Where response files and inputs named on the command line are looked for. */
  private final Path cwd;

  Options(Config config, Diagnostics diag, Map<String, String> env, Path cwd) {
    this.config = config;
    this.diag = diag;
    this.env = env;
    this.cwd = cwd;
  }

  /**
   * Adds the environment's options as lld-link does (LINK before the command line, _LINK_ after,
   * LIB's directories after every /libpath), expands response files, then applies each argument.
   */
  public void parse(List<String> commandLine) {
    boolean useEnv = true;
    for (String a : commandLine) useEnv &= !a.equalsIgnoreCase("/lldignoreenv") && !a.equalsIgnoreCase("-lldignoreenv");
    List<String> args = new ArrayList<>();
    if (useEnv && env.get("LINK") != null) args.addAll(Tokenizer.windows(env.get("LINK")));
    args.addAll(commandLine);
    if (useEnv && env.get("_LINK_") != null) args.addAll(Tokenizer.windows(env.get("_LINK_")));
    for (String a : args) {
      String l = a.toLowerCase(Locale.ROOT);
      if (l.startsWith("--rsp-quoting=")) {
        switch (l.substring("--rsp-quoting=".length())) {
          case "windows" -> posixQuoting = false;
          case "posix" -> posixQuoting = true;
          default -> throw diag.fatal("invalid response file quoting: " + a.substring("--rsp-quoting=".length()));
        }
      }
    }
    for (String a : expand(args, 0)) {
      config.arguments.add(a);
      apply(a, false);
    }
    // Reported once every option is known, so that a /wx anywhere on the line makes them errors.
    diag.warningsAsErrors = config.warningsAsErrors;
    for (String w : warnings) diag.warn(w);
    if (useEnv && env.get("LIB") != null)
      for (String dir : env.get("LIB").split(";")) if (!dir.isEmpty()) config.libPaths.add(dir);
  }

  /** Warnings about the command line (unknown -options, ...), reported once all of it is read. */
  private final List<String> warnings = new ArrayList<>();

  /** Between /start-lib and /end-lib: inputs are lazy, like archive members. */
  private boolean inLib;

  /** lld-link reads response files with Windows quoting unless told otherwise. */
  private boolean posixQuoting;

  private List<String> expand(List<String> args, int depth) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("@") && a.length() > 1) {
        if (depth > 20) throw diag.fatal(a + ": response files nested too deeply");
        String text;
        try {
          byte[] b = readAll(cwd.resolve(a.substring(1)));
          text = decode(b);
        } catch (IOException e) {
          throw diag.fatal("cannot open response file " + a.substring(1) + ": " + ioReason(e));
        }
        out.addAll(expand(posixQuoting ? Tokenizer.posix(text) : Tokenizer.windows(text), depth + 1));
      } else {
        out.add(a);
      }
    }
    return out;
  }

  /** The whole file, through java.io: a short link need not set up NIO's file channels for its response file. */
  private static byte[] readAll(Path p) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(p.toFile(), "r")) {
      return dev.jwin.coff.Bytes.readArray(f, f.length(), p);
    }
  }

  private static String decode(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE)
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
    if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF)
      return new String(b, 3, b.length - 3, StandardCharsets.UTF_8);
    return new String(b, StandardCharsets.UTF_8);
  }

  static String ioReason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
    if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
    if (e instanceof java.io.FileNotFoundException && e.getMessage() != null && e.getMessage().endsWith(")")) {
      // java.io's "PATH (REASON)", REASON as strerror words it: lld-link's words but for two it writes in lower case.
      String m = e.getMessage(), reason = m.substring(m.lastIndexOf(" (") + 2, m.length() - 1);
      return reason.equals("No such file or directory") || reason.equals("Permission denied") ? reason.toLowerCase(java.util.Locale.ROOT) : reason;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static boolean isOption(String a, Path cwd) {
    return a.length() > 1 && (a.charAt(0) == '-' || (a.charAt(0) == '/' && !looksLikePath(a, cwd)));
  }

  /** "/usr/lib/foo.o" is a path; "/OUT:x" and "/nologo" are options. */
  private static boolean looksLikePath(String a, Path cwd) {
    int colon = a.indexOf(':');
    String head = colon < 0 ? a : a.substring(0, colon);
    return head.indexOf('/', 1) >= 0 || head.indexOf('.') >= 0 && colon < 0 && cwd.resolve(a).toFile().exists();
  }

  void apply(String arg, boolean fromDirective) {
    if (isOption(arg, cwd)) {
      option(arg, fromDirective);
    } else {
      if (inLib) config.lazyInputs.add(config.inputs.size());
      config.inputs.add(arg);
    }
  }

  /**
   * One option. Kept apart from {@link #apply}, which every input path goes through: a method that big is
   * compiled only if it runs often, and compiling it would hold up the link's own hot code.
   */
  private void option(String arg, boolean fromDirective) {
    String body = arg.substring(1);
    int colon = body.startsWith("-") ? body.indexOf('=') : body.indexOf(':');
    String name = (colon < 0 ? body : body.substring(0, colon)).toLowerCase(Locale.ROOT);
    String value = colon < 0 ? null : body.substring(colon + 1);
    switch (name) {
      case "out" -> config.output = need(arg, value);
      case "entry" -> config.entry = need(arg, value);
      case "noentry" -> config.noEntry = true;
      case "dll" -> config.dll = true;
      case "subsystem" -> subsystem(arg, need(arg, value));
      case "machine" -> config.machine = machine(arg, need(arg, value));
      case "base" -> config.imageBase = number(arg, need(arg, value).split(",")[0]);
      case "stack" -> {
        long[] v = pair(arg, need(arg, value));
        config.stackReserve = v[0];
        if (v[1] >= 0) config.stackCommit = v[1];
      }
      case "heap" -> {
        long[] v = pair(arg, need(arg, value));
        config.heapReserve = v[0];
        if (v[1] >= 0) config.heapCommit = v[1];
      }
      case "align" -> {
        config.sectionAlignment = powerOfTwo(arg, need(arg, value));
        config.alignGiven = true;
      }
      case "filealign" -> config.fileAlignment = powerOfTwo(arg, need(arg, value));
      case "libpath" -> config.libPaths.add(need(arg, value));
      case "defaultlib" -> config.defaultLibs.add(need(arg, value));
      case "nodefaultlib" -> {
        if (value == null) config.noDefaultLibAll = true;
        else config.noDefaultLibs.add(Paths.libKey(value));
      }
      case "include" -> config.includes.add(need(arg, value));
      case "alternatename" -> alternateName(arg, need(arg, value));
      case "merge" -> {
        String v = need(arg, value);
        int eq = v.indexOf('=');
        if (eq <= 0 || eq == v.length() - 1) throw bad(arg, "expected FROM=TO");
        String from = v.substring(0, eq), to = v.substring(eq + 1);
        if (from.equals(".rsrc") || to.equals(".rsrc") || from.equals(".reloc") || to.equals(".reloc"))
          throw bad(arg, "cannot merge " + from + " and " + to);
        config.merges.put(from, to);
      }
      case "section" -> section(arg, need(arg, value));
      case "opt" -> opt(value == null ? "" : value);
      case "dynamicbase" -> config.dynamicBase = yesNo(arg, value);
      case "highentropyva" -> config.highEntropyVa = yesNo(arg, value);
      case "nxcompat" -> config.nxCompat = yesNo(arg, value);
      case "safeseh" -> config.safeSeh = yesNo(arg, value);
      case "noseh" -> config.noSeh = true;
      case "largeaddressaware" -> config.largeAddressAware = yesNo(arg, value);
      case "tsaware" -> config.terminalServerAware = yesNo(arg, value);
      case "fixed" -> config.fixed = yesNo(arg, value);
      case "debug" -> {
        String v = value == null ? "full" : value.toLowerCase(Locale.ROOT);
        switch (v) {
          case "none" -> { config.debug = false; config.debugDwarf = false; }
          case "dwarf" -> { config.debug = true; config.debugDwarf = true; }
          case "full", "fastlink", "ghash", "noghash", "symtab" -> config.debug = true;
          default -> throw bad(arg, "unknown /DEBUG value '" + value + "'");
        }
      }
      case "errorlimit" -> config.errorLimit = (int) number(arg, need(arg, value));
      case "threads" -> {
        String v = value == null ? "" : value;
        if (!v.matches("[0-9]{1,5}") || v.matches("0+") || Integer.parseInt(v) > 32767)
          throw diag.fatal("/threads:: expected a positive integer, but got '" + v + "'");
        config.threads = Integer.parseInt(v);
      }
      case "manifest", "manifestuac", "manifestfile", "manifestinput", "manifestdependency" -> Manifest.option(config, diag, name, value);
      case "incremental" -> config.incremental = yesNo(arg, value);
      // link.exe options lld-link ignores (error reports, type libraries, IDL, LTCG, incremental-link sizes).
      case "errorreport", "fastfail", "tlbid", "tlbout", "idlout", "ignoreidl", "maxilksize", "ltcg" -> {}
      case "nologo", "pdb", "pdbaltpath", "natvis", "lldltocache", "lldltocachepolicy", "failifmismatch",
           "throwingnew", "editandcontinue", "guardsym", "disallowlib", "mllvm",
           "-color-diagnostics", "-no-color-diagnostics", "-rsp-quoting", "lldignoreenv" -> {}
      case "stdcall-fixup" -> config.stdcallFixup = yesNo(arg, value);
      // Warning numbers are link.exe's; of jwin's warnings only /order's missing symbols (4037) have one.
      case "ignore" -> { for (String n : need(arg, value).split(",")) config.ignoredWarnings.add(number(arg, n)); }
      case "functionpadmin" -> { if (value != null) number(arg, value); }
      case "debugtype" -> {
        for (String t : need(arg, value).split(","))
          if (!Set.of("cv", "pdata", "fixup", "dwarf", "symtab").contains(t.toLowerCase(Locale.ROOT)))
            diag.warn("/debugtype: unknown option '" + t + "'");
      }
      case "swaprun" -> {
        for (String t : need(arg, value).split(",")) {
          switch (t.toLowerCase(Locale.ROOT)) {
            case "cd" -> config.fileCharacteristics |= Coff.FILE_REMOVABLE_RUN_FROM_SWAP;
            case "net" -> config.fileCharacteristics |= Coff.FILE_NET_RUN_FROM_SWAP;
            default -> throw diag.fatal("/swaprun: invalid argument: " + t);
          }
        }
      }
      case "appcontainer" -> dllCharacteristic(Coff.DLLCHAR_APPCONTAINER, yesNo(arg, value));
      case "integritycheck" -> dllCharacteristic(Coff.DLLCHAR_FORCE_INTEGRITY, yesNo(arg, value));
      case "allowbind" -> dllCharacteristic(Coff.DLLCHAR_NO_BIND, !yesNo(arg, value));
      case "allowisolation" -> dllCharacteristic(Coff.DLLCHAR_NO_ISOLATION, !yesNo(arg, value));
      case "driver" -> {
        if (value == null) config.driver = true;
        for (String t : value == null ? new String[0] : value.split(",")) {
          switch (t.toLowerCase(Locale.ROOT)) {
            case "uponly" -> config.fileCharacteristics |= Coff.FILE_UP_SYSTEM_ONLY;
            case "wdm" -> dllCharacteristic(Coff.DLLCHAR_WDM_DRIVER, true);
            default -> throw diag.fatal("/driver: unknown option: " + t);
          }
        }
      }
      case "guard" -> {
        if (value == null) unknownOption(arg); // lld-link takes a bare /guard for a file name
        else guard(value);
      }
      case "cetcompat" -> {
        // lld-link knows /cetcompat and /cetcompat:no only; any other value makes the word a file name.
        if (value == null || value.equalsIgnoreCase("no")) config.cetCompat = value == null;
        else unknownOption(arg);
      }
      case "includeoptional" -> config.includeOptional.add(need(arg, value));
      case "wholearchive" -> {
        if (value == null) config.wholeArchiveAll = true;
        else config.wholeArchive.add(Paths.libKey(value));
      }
      case "lldsavetemps", "lto-cs-profile-file", "lto-cs-profile-generate", "lto-obj-path", "lto-pgo-warn-mismatch",
           "thinlto-emit-imports-files", "thinlto-index-only", "thinlto-object-suffix-replace", "thinlto-prefix-replace",
           "lldltojobs", "lldltopartitions" -> throw notSupported(arg, "jwin does no link-time optimisation of LLVM bitcode");
      case "pdbpagesize", "pdbsourcepath", "pdbstream", "pdbstripped" -> throw notSupported(arg, "jwin writes no PDB");
      // lld-link accepts an empty /delayload: (naming nothing); without ':' the word is a file name.
      case "delayload" -> {
        if (value == null) unknownOption(arg);
        else config.delayLoads.add(value.toLowerCase(Locale.ROOT));
      }
      // lld-link accepts /delay:unload and /delay:nobind (and any other value) and writes no bound or unload IATs.
      case "delay" -> {}
      case "profile" -> config.profile = true;
      case "order" -> config.orderFile = need(arg, value);
      case "call-graph-ordering-file" -> config.callGraphOrderingFile = need(arg, value);
      case "call-graph-profile-sort" -> config.callGraphProfileSort = yesNo(arg, value);
      case "print-symbol-order" -> config.printSymbolOrder = need(arg, value);
      // lld-link 14 accepts /stub: and keeps its own DOS stub; so does jwin.
      case "stub" -> need(arg, value);
      case "start-lib" -> {
        if (inLib) throw diag.fatal("nested /start-lib");
        inLib = true;
      }
      case "end-lib" -> {
        if (!inLib) throw diag.fatal("stray /end-lib");
        inLib = false;
      }
      case "reproduce" -> config.reproduce = need(arg, value);
      case "linkrepro" -> config.reproduce = Path.of(need(arg, value), "repro.tar").toString();
      case "lib" -> {
        String w = "ignoring /lib since it's not the first argument";
        if (!warnings.contains(w)) warnings.add(w);
      }
      case "release" -> config.release = true;
      case "version" -> {
        String[] v = need(arg, value).split("\\.", 2);
        config.majorImageVersion = (int) number(arg, v[0]);
        config.minorImageVersion = v.length == 2 ? (int) number(arg, v[1]) : 0;
      }
      case "osversion" -> {
        String[] v = need(arg, value).split("\\.", 2);
        config.majorOsVersion = (int) number(arg, v[0]);
        config.minorOsVersion = v.length == 2 ? (int) number(arg, v[1]) : 0;
      }
      case "verbose" -> config.verbose = true;
      case "timestamp" -> config.timestamp = number(arg, need(arg, value)) & 0xffffffffL;
      case "brepro" -> config.repro = true;
      case "lldmingw" -> config.mingw = true;
      case "wx" -> config.warningsAsErrors = yesNo(arg, value);
      case "force" -> {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        switch (v) {
          case "" -> { config.forceMultiple = true; config.forceUnresolved = true; config.forceMultipleRes = true; }
          case "multiple" -> config.forceMultiple = true;
          case "unresolved" -> config.forceUnresolved = true;
          case "multipleres" -> config.forceMultipleRes = true;
          case "pgorepro" -> {}
          default -> throw bad(arg, "unknown /FORCE value '" + value + "'");
        }
      }
      case "map", "lldmap" -> config.mapFile = value == null || value.isEmpty() ? "" : value;
      case "time" -> config.time = true;
      case "demangle" -> config.demangle = yesNo(arg, value);
      case "auto-import" -> config.autoImport = yesNo(arg, value);
      case "runtime-pseudo-reloc" -> config.pseudoRelocs = yesNo(arg, value);
      case "aligncomm" -> alignComm(arg, need(arg, value));
      case "export" -> config.exports.add(need(arg, value));
      case "implib" -> config.implib = need(arg, value);
      case "noimplib" -> config.noImplib = true;
      case "def" -> config.defFile = need(arg, value);
      case "export-all-symbols" -> config.exportAllSymbols = true;
      case "exclude-all-symbols" -> config.excludeAllSymbols = true;
      case "exclude-symbols" -> {
        for (String x : need(arg, value).split("[,:]")) if (!x.isEmpty()) config.excludeSymbols.add(x);
      }
      case "kill-at" -> config.killAt = true;
      default -> {
        if (fromDirective) throw diag.fatal("unknown directive: " + arg);
        unknownOption(arg);
      }
    }
  }

  private void guard(String values) {
    for (String t : values.split(",", -1)) {
      int level = ControlFlowGuard.apply(config.guardCf, t);
      if (level < 0) throw diag.fatal("invalid argument to /guard: " + t);
      config.guardCf = level;
    }
    dllCharacteristic(Coff.DLLCHAR_GUARD_CF, config.guardCf != 0);
  }

  /** lld-link's option parser takes a '/' word it does not know for a path, anything else for an unknown option. */
  private void unknownOption(String arg) {
    if (arg.charAt(0) == '/') {
      if (inLib) config.lazyInputs.add(config.inputs.size());
      config.inputs.add(arg);
    } else {
      warnings.add("ignoring unknown argument '" + arg + "'");
    }
  }

  /** /opt: a comma-separated list, lower-cased as lld-link reads it; later values override earlier ones. */
  private void opt(String value) {
    for (String o : value.toLowerCase(Locale.ROOT).split(",", -1)) {
      switch (o) {
        case "ref" -> { config.doGc = true; config.gcExplicit = true; }
        case "noref" -> { config.doGc = false; config.gcExplicit = true; }
        case "icf" -> config.icf = Config.IcfLevel.ALL;
        case "safeicf" -> config.icf = Config.IcfLevel.SAFE;
        case "noicf" -> config.icf = Config.IcfLevel.NONE;
        case "lldtailmerge" -> config.tailMerge = Config.TailMerge.ON;
        case "nolldtailmerge" -> config.tailMerge = Config.TailMerge.OFF;
        case "lbr", "nolbr", "ltonewpassmanager", "noltonewpassmanager", "ltodebugpassmanager", "noltodebugpassmanager" -> {}
        default -> {
          // lld-link ignores the number of /opt:icf=N passes: folding always runs to a fixed point.
          if (o.startsWith("icf=")) config.icf = Config.IcfLevel.ALL;
          else if (o.startsWith("lldlto=")) {
            String n = o.substring(7);
            if (!n.matches("[0-3]")) throw diag.fatal("/opt:lldlto: invalid optimization level: " + n);
          } else if (o.startsWith("lldltopartitions=")) {
            String n = o.substring(17);
            if (!n.matches("[0-9]{1,9}") || Integer.parseInt(n) == 0)
              throw diag.fatal("/opt:lldltopartitions: invalid partition count: " + n);
          } else if (!o.startsWith("lldltojobs=")) {
            throw diag.fatal("/opt: unknown option: " + o);
          }
        }
      }
    }
  }

  private void dllCharacteristic(int flag, boolean on) {
    if (on) config.dllCharacteristics |= flag;
    else config.dllCharacteristics &= ~flag;
  }

  private LinkException notSupported(String arg, String why) {
    int colon = arg.indexOf(':');
    return diag.fatal("/" + (colon < 0 ? arg.substring(1) : arg.substring(1, colon)) + " is not supported: " + why);
  }

  private String need(String arg, String value) {
    if (value == null || value.isEmpty()) throw bad(arg, "missing value");
    return value;
  }

  private LinkException bad(String arg, String why) {
    return diag.fatal("invalid argument " + arg + ": " + why);
  }

  private boolean yesNo(String arg, String value) {
    if (value == null) return true;
    if (value.equalsIgnoreCase("no")) return false;
    throw bad(arg, "expected no value or ':no'");
  }

  /**
   * An unsigned number as lld-link reads one: {@code 0x} hex, {@code 0b} binary, a leading {@code 0}
   * octal, else decimal. Signs, blanks and overflow are errors.
   */
  private long number(String arg, String s) {
    int radix = 10, from = 0;
    if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) { radix = 16; from = 2; }
    else if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'b' || s.charAt(1) == 'B')) { radix = 2; from = 2; }
    else if (s.length() > 1 && s.charAt(0) == '0') { radix = 8; from = 1; }
    String digits = s.substring(from);
    if (digits.isEmpty() || digits.charAt(0) == '-' || digits.charAt(0) == '+') throw bad(arg, "invalid number: " + s);
    try {
      return Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      throw bad(arg, "invalid number: " + s);
    }
  }

  private long[] pair(String arg, String v) {
    String[] p = v.split(",", -1);
    if (p.length > 2) throw bad(arg, "expected RESERVE[,COMMIT]");
    return new long[] {number(arg, p[0]), p.length == 2 ? number(arg, p[1]) : -1};
  }

  private int powerOfTwo(String arg, String v) {
    long n = number(arg, v);
    if (n <= 0 || (n & (n - 1)) != 0 || n > (1 << 30)) throw bad(arg, "'" + v + "' is not a power of two");
    return (int) n;
  }

  private Machine machine(String arg, String v) {
    Machine m = Machine.byLinkName(v);
    if (m == null) throw bad(arg, "unknown machine '" + v + "'");
    return m;
  }

  private void subsystem(String arg, String v) {
    String[] p = v.split(",", 2);
    config.subsystem = switch (p[0].toLowerCase(Locale.ROOT)) {
      case "console" -> Coff.SUBSYSTEM_WINDOWS_CUI;
      case "windows" -> Coff.SUBSYSTEM_WINDOWS_GUI;
      case "native" -> Coff.SUBSYSTEM_NATIVE;
      case "posix" -> Coff.SUBSYSTEM_POSIX_CUI;
      case "efi_application" -> Coff.SUBSYSTEM_EFI_APPLICATION;
      case "efi_boot_service_driver" -> Coff.SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER;
      case "efi_rom" -> Coff.SUBSYSTEM_EFI_ROM;
      case "efi_runtime_driver" -> Coff.SUBSYSTEM_EFI_RUNTIME_DRIVER;
      case "boot_application" -> 16;
      case "default" -> config.subsystem; // the version only; the subsystem is still inferred
      default -> throw bad(arg, "unknown subsystem '" + p[0] + "'");
    };
    if (p.length == 2) {
      String[] ver = p[1].split("\\.", 2);
      config.majorSubsystemVersion = (int) number(arg, ver[0]);
      config.minorSubsystemVersion = ver.length == 2 ? (int) number(arg, ver[1]) : 0;
    }
  }

  private void alternateName(String arg, String v) {
    int eq = v.indexOf('=');
    if (eq <= 0 || eq == v.length() - 1) throw bad(arg, "expected FROM=TO");
    String from = v.substring(0, eq), to = v.substring(eq + 1);
    String old = config.alternateNames.putIfAbsent(from, to);
    if (old != null && !old.equals(to)) throw diag.fatal("/alternatename: conflicts: " + v);
  }

  private void section(String arg, String v) {
    int comma = v.lastIndexOf(',');
    if (comma <= 0) throw bad(arg, "expected NAME,ATTRIBUTES");
    int flags = 0;
    for (char c : v.substring(comma + 1).toLowerCase(Locale.ROOT).toCharArray()) {
      flags |= switch (c) {
        case 'd' -> Coff.SCN_MEM_DISCARDABLE;
        case 'e' -> Coff.SCN_MEM_EXECUTE;
        case 'k' -> Coff.SCN_MEM_NOT_CACHED;
        case 'p' -> Coff.SCN_MEM_NOT_PAGED;
        case 'r' -> Coff.SCN_MEM_READ;
        case 's' -> Coff.SCN_MEM_SHARED;
        case 'w' -> Coff.SCN_MEM_WRITE;
        default -> throw bad(arg, "invalid section attribute '" + c + "'");
      };
    }
    config.sectionAttributes.put(v.substring(0, comma), flags);
  }

  private void alignComm(String arg, String v) {
    int comma = v.lastIndexOf(',');
    if (comma <= 0) throw bad(arg, "expected NAME,ALIGNMENT");
    long a = number(arg, v.substring(comma + 1));
    if (a < 0 || a > 30) throw bad(arg, "alignment exponent out of range");
    config.alignComm.merge(v.substring(0, comma), (int) a, Math::max);
  }
}
