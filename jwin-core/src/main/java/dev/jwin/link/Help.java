package dev.jwin.link;

/** The text {@code jwin link -help} prints: the options {@link Options} accepts, grouped. */
final class Help {
  private Help() {}

  static final String TEXT = """
      OVERVIEW: jwin link, a PE/COFF linker compatible with lld-link

      USAGE: jwin link [options] file...

      Options start with / or -, are case-insensitive and take values after ':'; @file reads a
      response file (Windows quoting; --rsp-quoting=posix for POSIX). The LINK and _LINK_
      environment variables add options before and after the command line, LIB adds library
      paths (/lldignoreenv turns all three off).

      OUTPUT
        /out:<file> /dll /entry:<symbol> /noentry /subsystem:<name|default>[,<major>.<minor>]
        /base:<address> /stack:<reserve>[,<commit>] /heap:<reserve>[,<commit>] /align:<n>
        /filealign:<n> /version:<major>.<minor> /osversion:<major>.<minor> /timestamp:<n> /brepro
        /machine:x64 /map[:<file>] /lldmap[:<file>] /implib:<file> /noimplib /def:<file>
        /manifest[:embed[,id=<n>]|:sidebyside|:no] /manifestuac:<text> /manifestdependency:<text>
        /manifestfile:<file>
      INPUTS
        /libpath:<dir> /defaultlib:<lib> /nodefaultlib[:<lib>] /include:<symbol>
        /includeoptional:<symbol> /wholearchive[:<lib>] /start-lib <objects> /end-lib
        /alternatename:<from>=<to> /delayload:<dll> /delay:unload|nobind (accepted; no effect, as lld-link 14)
        /export:<name>[=<internal>][,@<ordinal>][,NONAME][,DATA][,PRIVATE]
        /export-all-symbols /exclude-all-symbols /exclude-symbols:<a>,<b> /aligncomm:<symbol>,<n>
      LAYOUT
        /merge:<from>=<to> /section:<name>,<attributes> /opt:ref|noref|icf|noicf|lbr|nolbr
        /debug[:none|full|dwarf|symtab] /debugtype:cv,pdata,fixup,dwarf,symtab
      IMAGE FLAGS
        /dynamicbase[:no] /highentropyva[:no] /nxcompat[:no] /largeaddressaware[:no] /tsaware[:no]
        /fixed[:no] /appcontainer[:no] /integritycheck[:no] /allowbind[:no] /allowisolation[:no]
        /swaprun:cd|net /driver[:uponly|wdm] /safeseh[:no] (x86 only; accepted on x64)
        /guard:cf|longjmp|ehcont|nolongjmp|noehcont|no[,...] /cetcompat[:no]
      MINGW
        /lldmingw /auto-import[:no] /runtime-pseudo-reloc[:no] /kill-at
      DIAGNOSTICS
        /verbose /time /errorlimit:<n> /wx[:no] /demangle[:no] /force[:multiple|unresolved]
        /ignore:<n> /threads:<n> (worker threads) /nologo /reproduce:<file.tar> /linkrepro:<dir> /stub:<file> (accepted, as lld-link 14) --version -help
      NOT SUPPORTED (a clear error): /order /call-graph-ordering-file
        /print-symbol-order, LTO and ThinLTO options,
        PDB-only options (/pdbsourcepath /pdbstripped /pdbpagesize /pdbstream)
      An unknown -option is a warning ("ignoring unknown argument"; an error with /wx), an unknown
      /word an input file, as with lld-link.
      """;
}
