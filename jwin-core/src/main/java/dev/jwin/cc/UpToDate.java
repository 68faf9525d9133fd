package dev.jwin.cc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The no-op rebuild, decided by {@code stat} alone, as make and ninja do: after a successful link, every file
 * the command consulted (sources, headers, libraries, the compiler, the searched library directories, the
 * outputs; not the cached objects, which never change) is recorded with its size, modification and change times
 * and inode ({@link FileHashes.Stat}), and every place searched in vain before a header or library was found as
 * absent, under a key of the command line, working directory and environment. When the same command comes again,
 * no recorded file changed and no absent one appeared, the outputs are already what the command would make: no
 * manifest is read, no hash computed, no link planned. The launcher gets a copy it can check with {@code stat(1)} before starting Java.
 */
final class UpToDate {
  private UpToDate() {}

  /** Environment variables that change what clang or the driver does. */
  private static final List<String> ENV = List.of("PATH", "JWIN_MINGW_PREFIX", "JWIN_MINGW_CRT_SRC", "JWIN_RUNTIME",
      "JWIN_THREAD_MODEL", "JWIN_MINGW_SRC", "JWIN_CLANG", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH",
      "LIBRARY_PATH", "SOURCE_DATE_EPOCH");

  /** A file changed within this window may change again within the same time stamp: not recorded. */
  private static final long RACY_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * The record of one command: its description (first line of the file) and where it lives; and where the
   * launcher's copy goes ({@code scripts/cc-uptodate.sh}: description, file list, {@code stat} output), if any.
   */
  record Key(Path file, String description, String shellRecord, String shellDescription) {}

  /**
   * The record for this command line. The file name is a 64-bit FNV-1a hash of the description, and the
   * description itself is the record's first line, compared in full: no cryptographic hash (and no security
   * provider) on the no-op path, and no chance of a collision.
   */
  static Key key(Path cacheRoot, List<String> args, boolean cxx, Map<String, String> env, Path cwd) {
    StringBuilder b = new StringBuilder("noop 4\0").append(dev.jwin.Version.get()).append('\0')
        .append(jwinIdentity()).append('\0').append(cxx ? "c++" : "cc").append('\0')
        .append(cwd.toAbsolutePath()).append('\0');
    for (String v : ENV) b.append(v).append('=').append(env.getOrDefault(v, "")).append('\0');
    for (String a : args) b.append(a).append('\0');
    String description = b.toString().replace('\n', '\u0001'); // one line
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < description.length(); i++) h = (h ^ description.charAt(i)) * 0x100000001b3L;
    String hex = Long.toHexString(h);
    String name = "0".repeat(16 - hex.length()) + hex;
    return new Key(cacheRoot.resolve("noop").resolve(name.substring(0, 2)).resolve(name), description,
        env.get("JWIN_CC_SHELL_RECORD"), env.get("JWIN_CC_SHELL_KEY"));
  }

  /** True when the record exists, is this command's, and every file in it is as recorded. */
  static boolean check(Key key) {
    List<String> lines;
    try {
      lines = Files.readAllLines(key.file(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return false;
    }
    if (lines.size() < 2 || !lines.getFirst().equals(key.description())) return false;
    List<String> files = new ArrayList<>();
    List<String> stamps = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      int sp = line.indexOf(' ');
      if (sp < 0) return false;
      if (sp == 1 && line.charAt(0) == '-') { // a place searched before a header or library that was found later
        if (Files.exists(Path.of(line.substring(2)))) return false;
        absent.add(line.substring(2));
        continue;
      }
      String now = stamp(Path.of(line.substring(sp + 1)));
      if (now == null || !now.equals(line.substring(0, sp))) return false;
      files.add(line.substring(sp + 1));
      stamps.add(now);
    }
    if (key.shellRecord() != null && !Files.exists(Path.of(key.shellRecord())))
      recordForShell(key, files, stamps, absent);
    return true;
  }

  /**
   * The launcher's copy of a record: its description of the command, the files, what {@code stat} prints for
   * them now (so the launcher compares {@code stat}'s output with {@code stat}'s output, nothing to convert), and
   * the paths that must still not exist.
   */
  private static void recordForShell(Key key, List<String> files, List<String> stamps, Collection<String> absent) {
    if (key.shellRecord() == null || key.shellDescription() == null || key.shellDescription().indexOf('\n') >= 0)
      return;
    List<String> cmd = new ArrayList<>(List.of("stat", "-L", "--printf=%s %.9Y %.9Z %i\\n", "--"));
    cmd.addAll(files);
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String stat = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) return;
      // What stat printed must be what this run saw (a file changed just now would be recorded as unchanged).
      List<String> printed = stat.lines().toList();
      if (printed.size() != files.size()) return;
      for (int i = 0; i < printed.size(); i++) if (!sameStamp(printed.get(i), stamps.get(i))) return;
      StringBuilder b = new StringBuilder(key.shellDescription()).append('\n').append(files.size()).append('\n');
      for (String f : files) b.append(f).append('\n');
      b.append(stat);
      for (String a : absent) b.append(a).append('\n');
      Path record = Path.of(key.shellRecord());
      Files.createDirectories(record.getParent());
      dev.jwin.io.AtomicFile.write(record, b.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      // no stat(1): the launcher starts Java each time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Records {@code files} after a successful run; nothing is written when one of the inputs is too recent to
   * trust its time stamp (the next run then records) or went away meanwhile. Files under {@code cacheRoot} (objects,
   * generated libraries) never change once published and are not needed by outputs already made: not recorded.
   */
  static void record(Key key, Collection<String> inputs, Collection<String> absent, Collection<Path> outputs,
      Path cacheRoot) {
    if (key == null) return;
    long now = System.currentTimeMillis() * 1_000_000L;
    String cached = cacheRoot.toString() + "/";
    StringBuilder b = new StringBuilder(key.description()).append('\n');
    List<String> files = new ArrayList<>();
    List<String> stamps = new ArrayList<>();
    for (String f : new TreeSet<>(inputs)) {
      Path p = Path.of(f);
      if (f.startsWith(cached)) continue;
      if (f.indexOf('\n') >= 0) return; // immutable, and the outputs no longer need them
      FileHashes.Stat a;
      try {
        a = FileHashes.Stat.of(p);
      } catch (IOException e) {
        return;
      }
      if (now - a.mtimeNanos() < RACY_NANOS) return;
      String st = a.token();
      b.append(st).append(' ').append(f).append('\n');
      files.add(f);
      stamps.add(st);
    }
    for (Path p : outputs) {
      String s = stamp(p);
      if (s == null) return;
      String f = p.toAbsolutePath().normalize().toString();
      b.append(s).append(' ').append(f).append('\n');
      files.add(f);
      stamps.add(s);
    }
    for (String a : absent) {
      if (a.indexOf('\n') >= 0 || Files.exists(Path.of(a))) return;
      b.append("- ").append(a).append('\n');
    }
    try {
      Files.createDirectories(key.file().getParent());
      dev.jwin.io.AtomicFile.write(key.file(), b.toString().getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      return; // only costs the full check next time
    }
    recordForShell(key, files, stamps, absent);
  }

  /** {@code stat}'s "size mtime ctime inode" (times as seconds.nanoseconds) against a {@link FileHashes.Stat} token. */
  static boolean sameStamp(String statLine, String stamp) {
    String[] st = statLine.split(" ");
    if (st.length != 4) return false;
    long mtime = nanos(st[1]);
    long ctime = nanos(st[2]);
    return mtime >= 0 && ctime >= 0 && stamp.equals(st[0] + "/" + mtime + "/" + ctime + "/" + st[3]);
  }

  private static long nanos(String secondsDotNanos) {
    int dot = secondsDotNanos.indexOf('.');
    if (dot < 0 || secondsDotNanos.length() - dot - 1 != 9) return -1;
    try {
      return Long.parseLong(secondsDotNanos.substring(0, dot)) * 1_000_000_000L
          + Long.parseLong(secondsDotNanos.substring(dot + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The file's {@link FileHashes.Stat} token, null when it is missing. */
  private static String stamp(Path p) {
    try {
      return FileHashes.Stat.of(p).token();
    } catch (IOException e) {
      return null;
    }
  }

  /** The jar (or classes directory) jwin runs from, with its size and time: a rebuilt jwin invalidates records. */
  private static String jwinIdentity() {
    try {
      Path p = Path.of(UpToDate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return p + " " + (a.isDirectory() ? "dir" : a.size() + " " + a.lastModifiedTime().toMillis());
    } catch (Exception e) {
      return "?";
    }
  }
}
