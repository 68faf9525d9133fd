package dev.jwin.rc;

import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.FileKind;
import dev.jwin.coff.Machine;
import dev.jwin.io.AtomicFile;
import dev.jwin.res.ResFile;
import dev.jwin.res.ResourceObject;
import dev.jwin.res.ResourceTree;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jwin rc} (llvm-rc / rc.exe command line) and {@code jwin windres} (GNU windres / llvm-windres):
 * preprocess a resource script with clang, compile it, and write a {@code .res} file or a COFF object.
 */
public final class RcCommand {
  private RcCommand() {}

  static final String CLANG = "clang-14";

  /** What to do, whichever command line it came from. */
  static final class Job {
    Path input, output;
    boolean coff, inputIsRes, preprocess = true;
    int machine = Machine.AMD64.value;
    String triple = "x86_64-w64-mingw32";
    int language = 0x409, codePage = 0;
    boolean appendNull;
    String preprocessor;
    final List<String> cppArgs = new ArrayList<>();
    final List<Path> includes = new ArrayList<>();
  }

  private static final class Usage extends RuntimeException {
    Usage(String m) { super(m, null, false, false); }
  }

  public static int rc(String[] args, PrintStream out, PrintStream err) {
    return run(() -> rcJob(args), err);
  }

  public static int windres(String[] args, PrintStream out, PrintStream err) {
    return run(() -> windresJob(args), err);
  }

  private static int run(java.util.function.Supplier<Job> parse, PrintStream err) {
    try {
      Job job = parse.get();
      execute(job);
      return 0;
    } catch (Usage e) {
      err.println("jwin: error: " + e.getMessage());
    } catch (RcException e) {
      err.println(e.diagnostic());
    } catch (CorruptInputException e) {
      err.println("jwin: error: " + e.file() + ": " + e.getMessage());
    }
    return 1;
  }

  // ---- rc.exe / llvm-rc ----

  static Job rcJob(String[] args) {
    Job j = new Job();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!(a.startsWith("/") || a.startsWith("-")) || a.length() < 2 || (a.startsWith("/") && a.indexOf('/', 1) > 0 && !isRcOption(a))) {
        if (j.input != null) throw new Usage("exactly one input file expected, got " + j.input + " and " + a);
        j.input = Path.of(a);
        continue;
      }
      String body = a.substring(1);
      String lower = body.toLowerCase(Locale.ROOT);
      if (lower.equals("no-preprocess")) { j.preprocess = false; continue; }
      if (lower.equals("n")) { j.appendNull = true; continue; }
      if (lower.equals("v") || lower.equals("y") || lower.equals("x") || lower.equals("nologo") || lower.equals("r")) continue;
      String opt = lower.substring(0, Math.min(lower.length(), 2));
      String value;
      String key = lower.startsWith("fo") ? "fo" : lower.substring(0, 1);
      value = body.substring(key.length());
      if (value.isEmpty()) {
        if (++i >= args.length) throw new Usage("missing argument to " + a);
        value = args[i];
      }
      switch (key) {
        case "fo" -> j.output = Path.of(value);
        case "i" -> { j.includes.add(Path.of(value)); j.cppArgs.add("-I" + value); }
        case "d" -> j.cppArgs.add("-D" + value);
        case "u" -> j.cppArgs.add("-U" + value);
        case "l" -> j.language = parseNumber(value, 16, a);
        case "c" -> j.codePage = codePage(value, a);
        default -> throw new Usage("unknown option " + a + " (" + opt + ")");
      }
    }
    if (j.input == null) throw new Usage("no input file");
    if (j.output == null) j.output = replaceExtension(j.input, ".res");
    return j;
  }

  private static boolean isRcOption(String a) {
    String l = a.substring(1).toLowerCase(Locale.ROOT);
    return l.startsWith("fo") || l.startsWith("i") || l.startsWith("d") || l.startsWith("u");
  }

  // ---- GNU windres / llvm-windres ----

  static Job windresJob(String[] args) {
    Job j = new Job();
    String outFormat = null, inFormat = null;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String name = a, value = null;
      if (a.startsWith("--") && a.contains("=")) {
        name = a.substring(0, a.indexOf('='));
        value = a.substring(a.indexOf('=') + 1);
      } else if (a.startsWith("-") && !a.startsWith("--") && a.length() > 2 && "ioIDUOJFcl".indexOf(a.charAt(1)) >= 0) {
        name = a.substring(0, 2);
        value = a.substring(2);
      }
      boolean takesValue = switch (name) {
        case "-i", "--input", "-o", "--output", "-I", "--include-dir", "-D", "--define", "-U", "--undefine", "-O",
             "--output-format", "-J", "--input-format", "-F", "--target", "--preprocessor", "--preprocessor-arg", "-c",
             "--codepage", "-l", "--language" -> true;
        default -> false;
      };
      if (takesValue && value == null) {
        if (++i >= args.length) throw new Usage("missing argument to " + a);
        value = args[i];
      }
      switch (name) {
        case "-i", "--input" -> j.input = Path.of(value);
        case "-o", "--output" -> j.output = Path.of(value);
        case "-I", "--include-dir" -> { j.includes.add(Path.of(value)); j.cppArgs.add("-I" + value); }
        case "-D", "--define" -> j.cppArgs.add("-D" + value);
        case "-U", "--undefine" -> j.cppArgs.add("-U" + value);
        case "-O", "--output-format" -> outFormat = value.toLowerCase(Locale.ROOT);
        case "-J", "--input-format" -> inFormat = value.toLowerCase(Locale.ROOT);
        case "-F", "--target" -> target(j, value);
        case "--preprocessor" -> j.preprocessor = value;
        case "--preprocessor-arg" -> j.cppArgs.add(value);
        case "-c", "--codepage" -> j.codePage = codePage(value, a);
        case "-l", "--language" -> j.language = parseNumber(value, 16, a);
        case "-v", "--verbose", "--use-temp-file", "--no-use-temp-file" -> {}
        default -> {
          if (a.startsWith("-") && a.length() > 1) throw new Usage("unknown option " + a);
          positional.add(a);
        }
      }
    }
    if (j.input == null && !positional.isEmpty()) j.input = Path.of(positional.removeFirst());
    if (j.output == null && !positional.isEmpty()) j.output = Path.of(positional.removeFirst());
    if (!positional.isEmpty()) throw new Usage("unexpected argument " + positional.getFirst());
    if (j.input == null) throw new Usage("no input file");
    if (j.output == null) throw new Usage("no output file (-o)");
    String outExt = extension(j.output), inExt = extension(j.input);
    if (outFormat == null) outFormat = outExt.equals("res") ? "res" : outExt.equals("rc") ? "rc" : "coff";
    if (inFormat == null) inFormat = inExt.equals("res") ? "res" : "rc";
    if (outFormat.equals("rc") || !(outFormat.equals("res") || outFormat.equals("coff")))
      throw new Usage("unsupported output format " + outFormat + " (res or coff)");
    if (!(inFormat.equals("rc") || inFormat.equals("res"))) throw new Usage("unsupported input format " + inFormat + " (rc or res)");
    j.coff = outFormat.equals("coff");
    j.inputIsRes = inFormat.equals("res");
    return j;
  }

  /** {@code -F}: a BFD target (pe-x86-64, pe-i386, pe-arm64...) or a target triple. */
  private static void target(Job j, String t) {
    String l = t.toLowerCase(Locale.ROOT);
    if (l.contains("x86-64") || l.startsWith("x86_64") || l.startsWith("amd64")) {
      j.machine = Machine.AMD64.value;
      j.triple = "x86_64-w64-mingw32";
    } else if (l.contains("i386") || l.matches("i[3-6]86.*")) {
      j.machine = Machine.I386.value;
      j.triple = "i686-w64-mingw32";
    } else if (l.contains("aarch64") || l.contains("arm64")) {
      j.machine = Machine.ARM64.value;
      j.triple = "aarch64-w64-mingw32";
    } else if (l.contains("arm")) {
      j.machine = Machine.ARMNT.value;
      j.triple = "armv7-w64-mingw32";
    } else {
      throw new Usage("unknown target " + t);
    }
  }

  // ---- shared ----

  static void execute(Job j) {
    byte[] res;
    if (j.inputIsRes) {
      res = readInput(j.input);
    } else {
      String text = j.preprocess ? preprocess(j) : new String(readInput(j.input), StandardCharsets.ISO_8859_1);
      List<ResFile.Entry> entries = RcCompiler.compile(text, j.input.toString(),
          new RcCompiler.Options(j.language, j.codePage, j.appendNull, j.input, j.includes));
      res = ResFile.write(entries);
    }
    byte[] bytes = j.coff ? toCoff(j.input.toString(), res, j.machine) : res;
    write(j.output, bytes);
  }

  /**
   * {@code jwin cc x.rc}: the script compiled for the target ({@code triple}, e.g. x86_64-w64-mingw32), with the
   * compile's {@code -I}/{@code -D}/{@code -U} flags, as a COFF object; every file it read is added to {@code read}.
   */
  public static byte[] scriptObject(Path rc, String triple, List<String> compileFlags, java.util.Set<Path> read) {
    Job j = new Job();
    j.input = rc;
    target(j, triple);
    for (int i = 0; i < compileFlags.size(); i++) {
      String f = compileFlags.get(i);
      if (f.equals("-I") || f.equals("-D") || f.equals("-U")) {
        if (i + 1 < compileFlags.size()) cppFlag(j, f + compileFlags.get(++i));
      } else if (f.startsWith("-I") || f.startsWith("-D") || f.startsWith("-U")) {
        cppFlag(j, f);
      }
    }
    List<ResFile.Entry> entries = RcCompiler.compile(preprocess(j), rc.toString(),
        new RcCompiler.Options(j.language, j.codePage, false, rc, j.includes), read);
    return toCoff(rc.toString(), ResFile.write(entries), j.machine);
  }

  private static void cppFlag(Job j, String f) {
    j.cppArgs.add(f);
    if (f.startsWith("-I")) j.includes.add(Path.of(f.substring(2)));
  }

  /** A .res file as a COFF object with .rsrc$01/.rsrc$02, as cvtres writes it. */
  public static byte[] toCoff(String name, byte[] res, int machine) {
    Bytes s = Bytes.of(res);
    if (FileKind.identify(s) != FileKind.RES) throw new CorruptInputException(name, "not a resource (.res) file");
    ResourceTree tree = new ResourceTree(false);
    tree.addRes(name, ResFile.read(name, s));
    if (!tree.duplicates.isEmpty()) throw new CorruptInputException(name, tree.duplicates.getFirst());
    return ResourceObject.write(tree, machine, 0);
  }

  private static byte[] readInput(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new RcException(p.toString(), "cannot open: " + (e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : e.getMessage()));
    }
  }

  /** Runs clang's preprocessor as rc.exe would: C mode, RC_INVOKED defined, the target's headers. */
  static String preprocess(Job j) {
    if (!Files.isRegularFile(j.input)) throw new RcException(j.input.toString(), "cannot open: no such file or directory");
    List<String> cmd = new ArrayList<>();
    if (j.preprocessor != null) cmd.addAll(List.of(j.preprocessor.trim().split("\\s+")));
    else cmd.addAll(List.of(CLANG, "--target=" + j.triple, "-E", "-xc", "-DRC_INVOKED"));
    cmd.addAll(j.cppArgs);
    cmd.add(j.input.toString());
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
      Thread drain = Thread.ofVirtual().start(() -> {
        try (InputStream e = p.getErrorStream()) {
          e.transferTo(errBytes);
        } catch (IOException ignored) {
          // the exit code tells
        }
      });
      byte[] text = p.getInputStream().readAllBytes();
      int rc = p.waitFor();
      drain.join();
      if (rc != 0) {
        String msg = errBytes.toString(StandardCharsets.UTF_8).strip();
        throw new RcException(j.input.toString(), "preprocessing failed" + (msg.isEmpty() ? "" : ":\n" + msg));
      }
      return new String(text, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new RcException(null, "cannot run the preprocessor " + cmd.getFirst() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RcException(null, "interrupted");
    }
  }

  /** Temporary file beside the target, renamed into place. */
  private static void write(Path out, byte[] bytes) {
    try {
      AtomicFile.write(out, bytes, false);
    } catch (IOException e) {
      throw new RcException(out.toString(), "cannot write: " + e.getMessage());
    }
  }

  private static int parseNumber(String v, int radix, String opt) {
    try {
      String t = v.startsWith("0x") || v.startsWith("0X") ? v.substring(2) : v;
      return Integer.parseInt(t, v.startsWith("0x") || v.startsWith("0X") ? 16 : radix);
    } catch (NumberFormatException e) {
      throw new Usage("invalid number for " + opt + ": " + v);
    }
  }

  private static int codePage(String v, String opt) {
    int cp = parseNumber(v, 10, opt);
    if (cp != 0 && cp != 1252 && cp != 65001) throw new Usage("unsupported code page " + v + " (0, 1252 or 65001)");
    return cp;
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static Path replaceExtension(Path p, String ext) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return p.resolveSibling((dot < 0 ? n : n.substring(0, dot)) + ext);
  }
}
