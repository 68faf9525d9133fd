package dev.jwin.cc;

import java.util.List;

/**
 * Translates GNU ld options (as given with {@code -Wl,} or {@code -Xlinker}) into {@code jwin link}
 * (lld-link) options, the way lld's MinGW driver does for the ones people use.
 */
final class GnuLd {
  private GnuLd() {}

  /** Consumes the comma-split {@code -Wl,} words; {@code original} names the option in messages. */
  static void translate(Invocation inv, List<String> words, String original) throws CcException {
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String name = w;
      String value = null;
      int eq = w.indexOf('=');
      if (w.startsWith("-") && eq > 0) {
        name = w.substring(0, eq);
        value = w.substring(eq + 1);
      }
      if (name.startsWith("--")) name = name.substring(1); // GNU ld accepts -opt and --opt alike
      if ((w.startsWith("-L") || w.startsWith("-l")) && w.length() > 2) {
        withValue(inv, w.substring(0, 2), w.substring(2), original);
        continue;
      }
      switch (name) {
        case "-out-implib", "-subsystem", "-entry", "-e", "-stack", "-image-base", "-Map", "-o", "-L", "-l",
            "-major-subsystem-version", "-minor-subsystem-version", "-major-image-version", "-minor-image-version",
            "-major-os-version", "-minor-os-version", "-heap", "-file-alignment", "-section-alignment",
            "-exclude-symbols" -> {
          if (value == null) {
            if (i + 1 >= words.size()) throw new CcException("missing argument to linker option '" + w + "' in '"
                + original + "'");
            value = words.get(++i);
          }
          withValue(inv, name, value, original);
        }
        case "-export-all-symbols" -> inv.linkerFlags.add("-export-all-symbols");
        case "-exclude-all-symbols" -> inv.linkerFlags.add("-exclude-all-symbols");
        case "-kill-at" -> inv.linkerFlags.add("-kill-at");
        case "-gc-sections" -> inv.gcSections = true;
        case "-no-gc-sections" -> inv.gcSections = false;
        case "-s", "-strip-all", "-S", "-strip-debug" -> inv.strip = true;
        case "-dynamicbase" -> inv.linkerFlags.add("-dynamicbase");
        case "-disable-dynamicbase", "-no-dynamicbase" -> inv.linkerFlags.add("-dynamicbase:no");
        case "-nxcompat" -> inv.linkerFlags.add("-nxcompat");
        case "-disable-nxcompat" -> inv.linkerFlags.add("-nxcompat:no");
        case "-high-entropy-va" -> inv.linkerFlags.add("-highentropyva");
        case "-disable-high-entropy-va" -> inv.linkerFlags.add("-highentropyva:no");
        case "-large-address-aware" -> inv.linkerFlags.add("-largeaddressaware");
        case "-tsaware" -> inv.linkerFlags.add("-tsaware");
        case "-no-insert-timestamp" -> inv.linkerFlags.add("-timestamp:0");
        case "-enable-auto-import" -> inv.linkerFlags.add("-auto-import");
        case "-disable-auto-import" -> inv.linkerFlags.add("-auto-import:no");
        case "-enable-runtime-pseudo-reloc" -> inv.linkerFlags.add("-runtime-pseudo-reloc");
        case "-disable-runtime-pseudo-reloc" -> inv.linkerFlags.add("-runtime-pseudo-reloc:no");
        case "-allow-multiple-definition" -> inv.linkerFlags.add("-force:multiple");
        case "-shared", "-dll" -> inv.shared = true;
        case "-Bstatic", "-static", "-dn", "-non_shared" -> inv.staticLink = true;
        case "-Bdynamic", "-dy", "-call_shared" -> inv.staticLink = false;
        case "-verbose" -> inv.linkerFlags.add("-verbose");
        case "-whole-archive" -> inv.wholeArchive = true;
        case "-no-whole-archive" -> inv.wholeArchive = false;
        // Accepted and meaningless for PE output, as with lld's MinGW driver.
        case "-start-group", "-end-group", "-as-needed", "-no-as-needed", "-no-undefined", "-O1", "-O2", "-O0",
            "-enable-stdcall-fixup", "-disable-stdcall-fixup", "-no-seh",
            "-warn-common", "-sort-common", "-fatal-warnings", "-no-fatal-warnings", "-relax", "-no-relax", "" -> {}
        default -> {
          if (w.startsWith("-rpath") || w.startsWith("--rpath") || w.startsWith("-soname") || w.startsWith("--soname")) {
            if (value == null && !w.contains(",") && i + 1 < words.size()) i++; // ELF-only; ignored like lld's MinGW driver
          } else {
            throw new CcException("unsupported linker option '" + w + "' in '" + original + "'");
          }
        }
      }
    }
  }

  private static void withValue(Invocation inv, String name, String value, String original) throws CcException {
    switch (name) {
      case "-out-implib" -> inv.implib = value;
      case "-subsystem" -> {
        String[] p = value.split(":", 2);
        String s = p[0].toLowerCase(java.util.Locale.ROOT);
        if (!List.of("console", "windows", "native", "posix", "efi_application", "efi_boot_service_driver",
            "efi_rom", "efi_runtime_driver").contains(s))
          throw new CcException("unknown subsystem '" + value + "' in '" + original + "'");
        inv.subsystem = p.length == 2 ? s + "," + p[1] : s;
      }
      case "-entry", "-e" -> inv.entry = value;
      case "-stack" -> inv.linkerFlags.add("-stack:" + value);
      case "-heap" -> inv.linkerFlags.add("-heap:" + value);
      case "-image-base" -> inv.linkerFlags.add("-base:" + value);
      case "-Map" -> inv.linkerFlags.add("-lldmap:" + value);
      case "-o" -> inv.output = value;
      case "-L" -> inv.libDirs.add(value);
      case "-l" -> inv.linkOrder.add(new Invocation.LibraryItem(value));
      case "-file-alignment" -> inv.linkerFlags.add("-filealign:" + value);
      case "-section-alignment" -> inv.linkerFlags.add("-align:" + value);
      case "-exclude-symbols" -> inv.linkerFlags.add("-exclude-symbols:" + value);
      case "-major-subsystem-version", "-minor-subsystem-version", "-major-image-version", "-minor-image-version",
          "-major-os-version", "-minor-os-version" -> {
        // Version fields of the PE header: accepted and left at the linker's defaults.
      }
      default -> throw new IllegalStateException(name);
    }
  }
}
