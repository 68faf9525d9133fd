package dev.jwin.cc;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates GNU ld options (given with {@code -Wl,A,B}, {@code -Xlinker A -Xlinker B}, or to {@code jwin ld})
 * into {@code jwin link} (lld-link) options with the meaning lld's MinGW driver ({@code ld.lld -m i386pep})
 * gives them. The words of every {@code -Wl,}/{@code -Xlinker} form one stream, as gcc hands them to ld, so an
 * option's value may come from the next {@code -Xlinker}; {@link #finish} reports a value still missing.
 */
final class GnuLd {
  /** Options that take a value, joined with {@code =} or as the next word (spelled with one dash here). */
  private static final Set<String> WITH_VALUE = Set.of("-out-implib", "-subsystem", "-entry", "-e", "-stack",
      "-heap", "-image-base", "-Map", "-map", "-o", "-L", "-l", "-major-subsystem-version",
      "-minor-subsystem-version", "-major-image-version", "-minor-image-version", "-major-os-version",
      "-minor-os-version", "-file-alignment", "-section-alignment", "-exclude-symbols", "-exclude-libs",
      "-output-def", "-require-defined", "-undefined", "-u", "-wrap", "-delayload", "-m", "-pdb", "-icf",
      "-sysroot", "-plugin", "-plugin-opt", "-thinlto-cache-dir", "-Xlink", "-soname", "-h", "-rpath",
      "-rpath-link", "-reproduce", "-y", "-trace-symbol");

  /** Options jwin link does not implement: the link goes to lld-link-14 instead (named under -v). */
  private static final Set<String> LLD_ONLY = Set.of("-wrap", "-output-def", "-reproduce",
      "-no-seh", "-undefined", "-u");

  private final Invocation inv;
  /** An option whose value is still to come from the next word, and where it was given. */
  private String pending;
  private String pendingOrigin;

  GnuLd(Invocation inv) {
    this.inv = inv;
  }

  /** Consumes linker words in order; {@code origin} names where they came from in messages. */
  void words(List<String> words, String origin) throws CcException {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (pending != null) {
        String name = pending;
        pending = null;
        withValue(name, w, pendingOrigin);
        continue;
      }
      if (!w.startsWith("-")) {
        inv.linkOrder.add(new Invocation.FileItem(w, inv.wholeArchive)); // an input, as ld takes it
        continue;
      }
      String name = w;
      String value = null;
      int eq = w.indexOf('=');
      if (w.startsWith("-") && eq > 0) {
        name = w.substring(0, eq);
        value = w.substring(eq + 1);
      }
      if (name.startsWith("--")) name = name.substring(1); // GNU ld accepts -opt and --opt alike
      if (value == null && w.length() > 2 && !w.startsWith("--") && !WITH_VALUE.contains(w) && !FLAGS.contains(w)
          && "LlOmeou".indexOf(w.charAt(1)) >= 0) {
        // Short options with the value joined: -Ldir, -lname, -mi386pep, -eentry, -ofile, -usym; -O1 is ignored.
        if (w.charAt(1) != 'O') withValue(w.substring(0, 2), w.substring(2), origin);
        continue;
      }
      if (WITH_VALUE.contains(name)) {
        if (value == null) {
          if (i + 1 < words.size()) {
            value = words.get(++i);
          } else {
            pending = name;
            pendingOrigin = origin;
            continue;
          }
        }
        withValue(name, value, origin);
      } else if (value != null) {
        throw new CcException("linker option '" + name.replaceFirst("^-", w.startsWith("--") ? "--" : "-")
            + "' takes no value in '" + origin + "'");
      } else {
        flag(name, w, origin);
      }
    }
  }

  /** Fails when the last option still waits for its value ({@code -Xlinker --out-implib} with nothing after). */
  void finish() throws CcException {
    if (pending != null)
      throw new CcException("missing argument to linker option '-" + pending + "' in '" + pendingOrigin + "'");
  }

  private static final Set<String> FLAGS = Set.of("-export-all-symbols", "-exclude-all-symbols", "-kill-at",
      "-gc-sections", "-no-gc-sections", "-s", "-strip-all", "-S", "-strip-debug", "-dynamicbase",
      "-disable-dynamicbase", "-no-dynamicbase", "-nxcompat", "-disable-nxcompat", "-high-entropy-va",
      "-disable-high-entropy-va", "-large-address-aware", "-tsaware", "-disable-tsaware", "-no-seh",
      "-disable-no-seh", "-insert-timestamp", "-no-insert-timestamp", "-enable-auto-import", "-disable-auto-import",
      "-enable-runtime-pseudo-reloc", "-disable-runtime-pseudo-reloc", "-allow-multiple-definition",
      "-no-allow-multiple-definition", "-shared", "-dll", "-Bstatic", "-static", "-dn", "-non_shared", "-Bdynamic",
      "-dy", "-call_shared", "-verbose", "-whole-archive", "-no-whole-archive", "-fatal-warnings",
      "-no-fatal-warnings", "-demangle", "-no-demangle", "-enable-stdcall-fixup", "-disable-stdcall-fixup",
      "-appcontainer", "-start-group", "-end-group", "-as-needed", "-no-as-needed", "-no-undefined",
      "-enable-auto-image-base", "-disable-auto-image-base", "-full-shutdown", "-pic-executable", "-build-id",
      "-add-stdcall-alias", "-warn-common", "-sort-common", "-relax", "-no-relax", "-version", "-v", "-help");

  /** {@code --help}: the options, one a line (libtool looks for "auto-import" here before it builds DLLs). */
  static String help() {
    StringBuilder b = new StringBuilder("Usage: jwin ld [options] file...\nOptions (as lld's MinGW driver):\n");
    java.util.TreeMap<String, String> all = new java.util.TreeMap<>();
    for (String o : FLAGS) all.put(o, "");
    for (String o : WITH_VALUE) all.put(o, o.length() > 2 ? "=<value>" : " <value>");
    all.forEach((o, value) -> b.append("  ").append(o.length() > 2 && !o.startsWith("-B") ? "-" : "").append(o)
        .append(value).append('\n'));
    return b.toString();
  }

  private void flag(String name, String w, String origin) throws CcException {
    if (LLD_ONLY.contains(name)) lldOnly(w);
    switch (name) {
      case "-export-all-symbols", "-exclude-all-symbols", "-kill-at" -> inv.linkerFlags.add(name);
      case "-gc-sections" -> inv.gcSections = true;
      case "-no-gc-sections" -> inv.gcSections = false;
      case "-s", "-strip-all" -> inv.strip = true;
      case "-S", "-strip-debug" -> inv.stripDebug = true;
      // The defaults (ASLR, NX, high-entropy VA, terminal-server aware, demangling) only undo an earlier "no".
      case "-dynamicbase" -> inv.linkerFlags.remove("-dynamicbase:no");
      case "-disable-dynamicbase", "-no-dynamicbase" -> inv.linkerFlags.add("-dynamicbase:no");
      case "-nxcompat" -> inv.linkerFlags.remove("-nxcompat:no");
      case "-disable-nxcompat" -> inv.linkerFlags.add("-nxcompat:no");
      case "-high-entropy-va" -> inv.linkerFlags.remove("-highentropyva:no");
      case "-disable-high-entropy-va" -> inv.linkerFlags.add("-highentropyva:no");
      case "-large-address-aware" -> inv.linkerFlags.add("-largeaddressaware");
      case "-tsaware" -> inv.linkerFlags.remove("-tsaware:no");
      case "-disable-tsaware" -> inv.linkerFlags.add("-tsaware:no");
      case "-no-seh" -> inv.linkerFlags.add("-noseh");
      case "-disable-no-seh" -> inv.linkerFlags.remove("-noseh");
      case "-no-insert-timestamp" -> inv.linkerFlags.add("-timestamp:0");
      case "-insert-timestamp" -> inv.linkerFlags.remove("-timestamp:0");
      case "-enable-auto-import" -> inv.linkerFlags.remove("-auto-import:no");
      case "-disable-auto-import" -> inv.linkerFlags.add("-auto-import:no");
      case "-enable-runtime-pseudo-reloc" -> inv.linkerFlags.remove("-runtime-pseudo-reloc:no");
      case "-disable-runtime-pseudo-reloc" -> inv.linkerFlags.add("-runtime-pseudo-reloc:no");
      case "-allow-multiple-definition" -> inv.linkerFlags.add("-force:multiple");
      case "-no-allow-multiple-definition" -> inv.linkerFlags.remove("-force:multiple");
      case "-fatal-warnings" -> inv.linkerFlags.add("-wx");
      case "-no-fatal-warnings" -> inv.linkerFlags.remove("-wx");
      case "-demangle" -> inv.linkerFlags.remove("-demangle:no");
      case "-no-demangle" -> inv.linkerFlags.add("-demangle:no");
      case "-appcontainer" -> inv.linkerFlags.add("-appcontainer");
      case "-enable-stdcall-fixup" -> inv.linkerFlags.add("-stdcall-fixup");
      case "-disable-stdcall-fixup" -> inv.linkerFlags.add("-stdcall-fixup:no");
      case "-shared", "-dll" -> inv.shared = true;
      case "-Bstatic", "-static", "-dn", "-non_shared" -> inv.bstatic = true;
      case "-Bdynamic", "-dy", "-call_shared" -> inv.bstatic = false;
      case "-verbose" -> inv.linkerFlags.add("-verbose");
      case "-whole-archive" -> inv.wholeArchive = true;
      case "-no-whole-archive" -> inv.wholeArchive = false;
      case "-version", "-v" -> inv.query = "ld-version";
      case "-help" -> inv.query = "ld-help";
      // Accepted and without effect on PE output, as with lld's MinGW driver; the stdcall options only concern
      // i386 images, whose exports and imports jwin does not decorate differently.
      case "-start-group", "-end-group", "-as-needed", "-no-as-needed", "-no-undefined", "-enable-auto-image-base", "-disable-auto-image-base", "-full-shutdown",
          "-pic-executable", "-build-id", "-add-stdcall-alias", "-warn-common", "-sort-common", "-relax",
          "-no-relax" -> {}
      default -> {
        if (name.isEmpty()) return; // "-Wl," or a trailing comma: nothing
        throw new CcException("unsupported linker option '" + w + "' in '" + origin + "'");
      }
    }
  }

  private void withValue(String name, String value, String origin) throws CcException {
    if (LLD_ONLY.contains(name)) lldOnly("-" + name);
    switch (name) {
      case "-out-implib" -> inv.implib = value;
      case "-subsystem" -> {
        String[] p = value.split(":", 2);
        String s = p[0].toLowerCase(Locale.ROOT);
        if (!List.of("console", "windows", "native", "posix", "efi_application", "efi_boot_service_driver",
            "efi_rom", "efi_runtime_driver").contains(s))
          throw new CcException("unknown subsystem '" + value + "' in '" + origin + "'");
        inv.subsystem = s;
        if (p.length == 2) {
          String[] v = p[1].split("\\.", 2);
          inv.subsystemMajor = number(v[0], name, origin);
          if (v.length == 2) inv.subsystemMinor = number(v[1], name, origin);
        }
      }
      case "-entry", "-e" -> inv.entry = value;
      case "-stack" -> inv.linkerFlags.add("-stack:" + sizes(value, name, origin));
      case "-heap" -> inv.linkerFlags.add("-heap:" + sizes(value, name, origin));
      case "-image-base" -> inv.linkerFlags.add("-base:" + sizes(value, name, origin));
      case "-Map", "-map" -> inv.linkerFlags.add("-lldmap:" + value);
      case "-o" -> inv.output = value;
      case "-L" -> inv.libDirs.add(value);
      case "-l" -> inv.linkOrder.add(new Invocation.LibraryItem(value, inv.bstatic));
      case "-file-alignment" -> inv.linkerFlags.add("-filealign:" + sizes(value, name, origin));
      case "-section-alignment" -> inv.linkerFlags.add("-align:" + sizes(value, name, origin));
      case "-exclude-symbols" -> inv.linkerFlags.add("-exclude-symbols:" + value);
      case "-exclude-libs" -> inv.excludeLibs.addAll(List.of(value.split("[,:]")));
      case "-major-subsystem-version" -> inv.subsystemMajor = number(value, name, origin);
      case "-minor-subsystem-version" -> inv.subsystemMinor = number(value, name, origin);
      case "-major-os-version" -> inv.osMajor = number(value, name, origin);
      case "-minor-os-version" -> inv.osMinor = number(value, name, origin);
      case "-major-image-version" -> inv.imageMajor = number(value, name, origin);
      case "-minor-image-version" -> inv.imageMinor = number(value, name, origin);
      case "-require-defined" -> inv.linkerFlags.add("-include:" + value);
      case "-undefined", "-u" -> inv.linkerFlags.add("-includeoptional:" + value);
      case "-wrap" -> inv.linkerFlags.add("-wrap:" + value);
      case "-delayload" -> inv.linkerFlags.add("-delayload:" + value);
      case "-output-def" -> inv.linkerFlags.add("-output-def:" + value);
      case "-reproduce" -> inv.linkerFlags.add("-reproduce:" + value);
      case "-pdb" -> inv.linkerFlags.add("-pdb:" + value);
      case "-icf" -> {
        switch (value) {
          case "all" -> inv.linkerFlags.add("-opt:icf");
          case "safe", "none" -> inv.linkerFlags.remove("-opt:icf"); // lld's default: no folding
          default -> throw new CcException("unknown --icf value '" + value + "' in '" + origin + "'");
        }
      }
      case "-m" -> {
        String want = switch (inv.target.arch()) {
          case AMD64 -> "i386pep";
          case I386 -> "i386pe";
          case ARM64 -> "arm64pe";
          default -> "thumb2pe";
        };
        if (!value.equals(want)) {
          if (!List.of("i386pep", "i386pe", "arm64pe", "thumb2pe").contains(value))
            throw new CcException("unknown emulation '" + value + "' in '" + origin + "'");
          throw new CcException("emulation '" + value + "' does not match target " + inv.target + " in '" + origin
              + "'");
        }
      }
      case "-Xlink" -> inv.linkerFlags.add(value);
      case "-thinlto-cache-dir" -> inv.linkerFlags.add("-lldltocache:" + value);
      // ELF-only or LTO-plugin options that lld's MinGW driver ignores too.
      case "-sysroot", "-plugin", "-plugin-opt", "-soname", "-h", "-rpath", "-rpath-link",
          "-y", "-trace-symbol" -> {}
      default -> throw new IllegalStateException(name);
    }
  }

  private void lldOnly(String option) {
    if (!inv.useLld && inv.lldReason == null) inv.lldReason = option;
  }

  private static int number(String v, String name, String origin) throws CcException {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new CcException("invalid number '" + v + "' for linker option '-" + name + "' in '" + origin + "'");
    }
  }

  /** A size or address, or two separated by a comma ({@code --stack=reserve,commit}): decimal or 0x hex. */
  private static String sizes(String v, String name, String origin) throws CcException {
    for (String part : v.split(",", -1)) {
      String p = part.toLowerCase(Locale.ROOT);
      boolean ok = p.startsWith("0x") ? p.length() > 2 && p.substring(2).chars().allMatch(c -> Character.digit(c, 16)
          >= 0) : !p.isEmpty() && p.chars().allMatch(Character::isDigit);
      if (!ok) throw new CcException("invalid number '" + v + "' for linker option '-" + name + "' in '" + origin
          + "'");
    }
    return v;
  }
}
