package dev.jwin.link;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;
import dev.jwin.coff.Machine;
import dev.jwin.link.arch.Arch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The state of one link: configuration, diagnostics, inputs, symbols and chunks. */
public final class LinkContext {
  final Config config;
  final Diagnostics diag;
  final SymbolTable symtab;
  /** Reused by every object's symbol-table read ({@link ObjectFile#parse} runs on one thread at a time). */
  final ObjectFile.CodeByName unwindCode = new ObjectFile.CodeByName();
  /** The arrays of objects' symbol-table reads, reused ({@link ObjectFile#prepare} takes, {@link ObjectFile#parse} gives back). */
  final ObjectFile.ScratchPool readerScratch = new ObjectFile.ScratchPool();
  final Options options;
  final List<ObjectFile> objects = new ArrayList<>();
  final List<ImportFile> imports = new ArrayList<>();
  final List<ArchiveFile> archives = new ArrayList<>();
  final Resources resources = new Resources();
  /** Every section chunk, in load order. */
  final List<SectionChunk> chunks = new ArrayList<>(1 << 12);
  /** Tail-merged string literals (/opt:lldtailmerge), for the writer's .rdata. */
  List<Chunk> mergedStrings = List.of();
  /** Priorities of COMDAT sections by leader name (/order, call-graph profile); see {@link SectionOrder}. */
  java.util.Map<String, Integer> sectionOrder = java.util.Map.of();
  /** Final exports (DLLs), sorted by public name with ordinals assigned. */
  List<Exports.Export> exports = List.of();
  /** Exports from the -DEF file. */
  final List<Exports.Export> defExports = new ArrayList<>();
  private final Deque<Runnable> tasks = new ArrayDeque<>();
  /** For -time: the passes' names and wall times, in the order they ran (formatted only when printed). */
  private final List<Timing> timings = new ArrayList<>();
  private int timerDepth;
  private final Set<Path> seenPaths = new HashSet<>();
  /** Every input file read, in order (for /reproduce). */
  final List<Path> filesRead = new ArrayList<>();
  /** Files up to this size are read whole by {@link #open}; larger archives are read as they are used. */
  private static final long READ_WHOLE = 1 << 20;
  /** Archives opened by {@link #open}, closed by {@link #closeInputs}. */
  private final List<ArchiveReader> openArchives = new ArrayList<>();
  /**
   * Weak externals resolved to their alias, by the alias's name: lld-link-14 copies the alias's whole symbol over
   * the weak one, name included, so its COFF symbol table lists it under the alias's name.
   */
  final Map<Symbol, String> aliasNames = new java.util.IdentityHashMap<>();
  /** Objects' DWARF line tables, read only for diagnostics that name source lines. */
  final Map<ObjectFile, DwarfLines> dwarfLines = new java.util.concurrent.ConcurrentHashMap<>();
  private final Set<String> seenDefaultLibs = new HashSet<>();
  /** The image's machine: -machine:, else the first input that has one. */
  Machine machine;
  /** Fixed once the inputs are read. */
  Arch arch;
  /** Decided by symbol resolution (from the options, or inferred from the symbols). */
  String entry;
  int subsystem;

  /**
   * The directory relative paths of the command line are resolved against, and the environment (LINK, _LINK_,
   * LIB): the process's own (cwd is then the empty path, so paths stay as given), or a client's when the link runs
   * in {@code jwin server} (cwd is then absolute).
   */
  final Path cwd;

  LinkContext(Config config, Diagnostics diag) {
    this(config, diag, System.getenv(), Path.of(""));
  }

  LinkContext(Config config, Diagnostics diag, java.util.Map<String, String> env, Path cwd) {
    this.config = config;
    this.diag = diag;
    this.cwd = cwd;
    this.symtab = new SymbolTable(this);
    this.options = new Options(config, diag, env, cwd);
  }

  /** A path of the command line, for reading or writing (it stays as given in messages). */
  Path file(String name) {
    return cwd.resolve(name);
  }

  /** Every input must be for the image's machine. */
  void checkMachine(InputFile f, Machine m) {
    if (machine == null) machine = m;
    else if (machine != m)
      throw new CorruptInputException(f.name, "machine type " + m.linkName + " conflicts with " + machine.linkName);
  }

  void enqueue(Runnable task) { tasks.add(task); }

  private record Timing(String name, int depth, long nanos) {}

  /** Runs a pass (or a step of one) and records its wall time for -time. */
  void time(String name, Runnable pass) {
    long t0 = System.nanoTime();
    int slot = timings.size();
    timings.add(null);
    timerDepth++;
    try {
      pass.run();
    } finally {
      timerDepth--;
      timings.set(slot, new Timing(name, timerDepth, System.nanoTime() - t0));
    }
  }

  /** Records, for -time, a step that began at {@code startNanos} and ends now. */
  void timing(String name, long startNanos) {
    timings.add(new Timing(name, timerDepth, System.nanoTime() - startNanos));
  }

  /**
   * The -time lines, then {@code total}: formatted only here, since {@code String.format} costs a cold JVM more
   * (about 10 ms) than a small link's passes.
   */
  List<String> timingLines(long totalNanos) {
    List<String> lines = new ArrayList<>();
    for (Timing t : timings) lines.add(timingLine("  ".repeat(t.depth) + t.name, t.nanos));
    lines.add(timingLine("total", totalNanos));
    return lines;
  }

  private static String timingLine(String name, long nanos) {
    return String.format("  %-30s %8.1f ms", name, nanos / 1e6);
  }

  /** Runs pending loads (archive members, default libraries) until none are left; true if any ran. */
  boolean runTasks() {
    boolean any = false;
    List<ArchiveFile.MemberLoad> batch = new ArrayList<>();
    while (!tasks.isEmpty()) {
      any = true;
      // Archive members queued back to back are read in parallel and added in queue order as they are read.
      while (tasks.peek() instanceof ArchiveFile.MemberLoad m) batch.add((ArchiveFile.MemberLoad) tasks.poll());
      InOrder.run(batch.size(), i -> batch.get(i).read(), i -> batch.get(i).run());
      batch.clear();
      Runnable t = tasks.peek() instanceof ArchiveFile.MemberLoad ? null : tasks.poll();
      if (t != null) t.run();
    }
    return any;
  }

  /** {@link #runTasks}, with a malformed member stopping the link; true if anything loaded. */
  boolean loadPending() {
    try {
      return runTasks();
    } catch (CorruptInputException e) {
      throw diag.fatal(e.file() + ": " + e.getMessage());
    }
  }

  /** Closes the archives the link read from; their members, once read, stay usable. */
  void closeInputs() {
    synchronized (openArchives) {
      for (ArchiveReader r : openArchives) {
        try {
          r.close();
        } catch (IOException e) {
          // Only read from: nothing is lost.
        }
      }
      openArchives.clear();
    }
  }

  /**
   * A command-line input, read, with objects and archives already prepared (see {@link ObjectFile#prepare},
   * {@link ArchiveFile#prepare}).
   */
  record Opened(String display, Path path, Bytes data, ObjectFile object, ArchiveFile archive,
                RuntimeException failure, String ioError) {}

  /** Maps {@code p} and, for an object, reads what needs no shared state. Safe to call in parallel. */
  Opened open(String display, Path given) {
    Path p = cwd.resolve(given);
    Bytes data;
    try {
      // A RandomAccessFile, not a FileChannel: a link opens thousands of small files, and FileChannel.open costs
      // about twice as much per file. A directory fails to open with "Is a directory" (lld-link's words).
      RandomAccessFile f = new RandomAccessFile(p.toFile(), "r");
      try {
        long size = f.length();
        // A large archive stays open: its index and then the members the link needs are read from it. Anything
        // else, and a small archive, is read whole (one read, where looking at its magic first would be two).
        FileKind kind = size > READ_WHOLE ? FileKind.identify(Bytes.read(f, 8, p)) : FileKind.UNKNOWN;
        if (kind == FileKind.ARCHIVE || kind == FileKind.THIN_ARCHIVE) {
          ArchiveReader r = ArchiveReader.open(display, f, p, size, kind);
          synchronized (openArchives) {
            openArchives.add(r);
          }
          f = null;
          return new Opened(display, p, Bytes.EMPTY, null, new ArchiveFile(display, r).prepare(), null, null);
        }
        if (size > READ_WHOLE) f.seek(0);
        data = Bytes.read(f, size, p);
      } finally {
        if (f != null) f.close();
      }
    } catch (IOException e) {
      return new Opened(display, p, null, null, null, null, Options.ioReason(e));
    }
    FileKind kind = FileKind.identify(data);
    if (kind == FileKind.ARCHIVE || kind == FileKind.THIN_ARCHIVE)
      return new Opened(display, p, data, null, new ArchiveFile(display, new ArchiveReader(display, data, p)).prepare(),
          null, null);
    if (kind != FileKind.COFF && kind != FileKind.BIGOBJ) return new Opened(display, p, data, null, null, null, null);
    ObjectFile o = new ObjectFile(display, data, "", "");
    try {
      o.prepare(config, readerScratch);
      return new Opened(display, p, data, o, null, null, null);
    } catch (CorruptInputException e) {
      return new Opened(display, p, data, null, null, e, null);
    }
  }

  /** Adds a file named on the command line (or found as a default library). */
  void addPath(String display, Path p) {
    add(open(display, p));
  }

  /** The name lld-link's rule on files named twice compares: absolute, without "." and ".." segments. */
  Path key(Path p) {
    return cwd.resolve(p).toAbsolutePath().normalize();
  }

  void add(Opened f) {
    add(f, key(f.path()));
  }

  /** Adds {@code f}, whose path's {@link #key} (found beforehand, in parallel) is {@code key}. */
  void add(Opened f, Path key) {
    if (!seenPaths.add(key)) return; // lld-link ignores a file named twice
    filesRead.add(f.path());
    if (f.ioError() != null) {
      diag.error("could not open '" + f.display() + "': " + f.ioError());
      return;
    }
    try {
      if (f.failure() != null) throw f.failure();
      if (f.object() != null) addObject(f.object());
      else if (f.archive() != null) addArchive(f.archive());
      else addFile(f.display(), f.data(), "", "", f.path());
    } catch (CorruptInputException e) {
      diag.error(e.file() + ": " + e.getMessage());
    }
  }

  /**
   * An object between /start-lib and /end-lib: it joins the link as an archive of one member, so
   * it loads only when one of its symbols is needed, exactly as an archive member would.
   */
  void addLazy(Opened f, Path key) {
    if (f.ioError() != null || f.object() == null) {
      add(f, key);
      return;
    }
    byte[] bytes = f.data().toArray();
    String member = f.path().getFileName().toString();
    byte[] archive = dev.jwin.archive.ArchiveWriter.write(
        List.of(dev.jwin.archive.ArchiveWriter.Member.of(member, bytes)), dev.jwin.archive.ArchiveWriter.Format.GNU);
    add(new Opened(f.display(), f.path(), Bytes.of(archive), null, null, null, null), key);
  }

  void addObject(ObjectFile o) {
    objects.add(o);
    o.parse(this);
    if (o.directives != null) applyDirectives(o);
  }

  void addMember(ArchiveFile a, ArchiveReader.Member m) {
    addFile(a.name + "(" + m.name() + ")", m.data(), a.name, m.name(), null);
  }

  private void addArchive(ArchiveFile a) {
    archives.add(a);
    a.parse(this);
    if (config.wholeArchiveAll || config.wholeArchive.contains(Paths.libKey(a.name))) a.loadAll(this);
  }

  /** Adds an input by its magic; {@code location} is where a command-line file is (null for members). */
  private void addFile(String name, Bytes data, String parent, String member, Path location) {
    FileKind kind = FileKind.identify(data);
    if (!parent.isEmpty() && (kind == FileKind.ARCHIVE || kind == FileKind.THIN_ARCHIVE))
      throw new CorruptInputException(name, "an archive member cannot itself be an archive");
    switch (kind) {
      case ARCHIVE, THIN_ARCHIVE -> addArchive(new ArchiveFile(name, new ArchiveReader(name, data, location)));
      case COFF, BIGOBJ -> addObject(new ObjectFile(name, data, parent, member));
      case IMPORT -> {
        ImportFile f = new ImportFile(name, data, parent, member);
        imports.add(f);
        f.parse(this);
      }
      case RES -> resources.addRes(name, data);
      case PE_IMAGE -> throw new CorruptInputException(name, "is a PE image, not an object or archive; link against its import library");
      case UNKNOWN -> throw new CorruptInputException(name, data.byteSize() == 0 ? "file is empty" : "unknown file type");
    }
  }

  /**
   * The options an object carries in its .drectve section, split with Windows quoting as lld-link
   * does. Only the options lld-link allows there are accepted; anything else is an error.
   */
  private void applyDirectives(ObjectFile o) {
    for (String d : Tokenizer.windows(o.directives)) {
      boolean option = d.length() > 1 && (d.charAt(0) == '-' || d.charAt(0) == '/');
      String body = option ? d.substring(1) : d;
      int colon = body.indexOf(':');
      String name = option ? (colon < 0 ? body : body.substring(0, colon)).toLowerCase(java.util.Locale.ROOT) : "";
      String value = colon < 0 ? "" : body.substring(colon + 1);
      if (DIRECTIVES_WITH_VALUE.contains(name) && value.isEmpty()) {
        diag.error(o.name + ": " + d + ": missing argument in .drectve");
        continue;
      }
      switch (name) {
        case "defaultlib" -> addDefaultLib(value);
        case "include" -> symtab.addUndefined(value, null, false).gcRoot = true;
        case "entry" -> config.entry = value;
        case "alternatename", "aligncomm", "merge", "section", "export", "exclude-symbols", "subsystem", "stack" ->
            options.apply("-" + body, true);
        case "nodefaultlib" -> {
          if (!value.isEmpty()) config.noDefaultLibs.add(Paths.libKey(value));
        }
        case "manifestdependency" -> Manifest.option(config, diag, name, value);
        case "failifmismatch", "guardsym", "disallowlib", "throwingnew", "editandcontinue", "release", "incremental" -> {}
        default -> diag.error(o.name + ": " + d + " is not allowed in .drectve");
      }
    }
  }

  private static final Set<String> DIRECTIVES_WITH_VALUE = Set.of("defaultlib", "include", "entry", "alternatename",
      "aligncomm", "merge", "section", "export", "exclude-symbols", "subsystem", "stack", "failifmismatch",
      "manifestdependency", "disallowlib");

  void addDefaultLib(String lib) {
    if (config.noDefaultLibAll || config.noDefaultLibs.contains(Paths.libKey(lib))) return;
    if (!seenDefaultLibs.add(lib.toLowerCase(java.util.Locale.ROOT))) return;
    Path p = Paths.findLib(lib, config.libPaths, config.mingw, cwd);
    if (p == null) {
      // lld-link treats a missing default library as a warning-free no-op
      return;
    }
    enqueue(() -> addPath(p.toString(), p));
  }

  /** A symbol name as diagnostics show it: C++ names demangled (on i386 after the C underscore, as lld-link does). */
  String demangle(String name) {
    if (!config.demangle) return name;
    return Demangler.demangle(name, machine);
  }
}
