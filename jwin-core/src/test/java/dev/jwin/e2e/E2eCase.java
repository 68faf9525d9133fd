package dev.jwin.e2e;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One end-to-end case: compile a test program once, link it with lld-link-14 and with jwin using
 * the same mingw argument list, compare the two images structurally, run both under Wine and
 * compare their stdout and exit code with each other and with the expected values written next
 * to the program. Everything is kept under {@code target/e2e/<name>/}.
 *
 * <p>Expected values: {@code // e2e-args: a b c} and {@code // expect-exit: N} comments in the
 * main source, and the expected stdout in {@code <stem>.out} next to it.
 *
 * <p>The system property {@code jwin.e2e.linker=lld} makes the "jwin" side run lld-link-14 as
 * well; that is only for checking the harness itself.
 */
final class E2eCase {
  static final Path SRC = Path.of("src/test/c/e2e").toAbsolutePath();
  static final Path OUT_ROOT = Path.of("target/e2e").toAbsolutePath();
  static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(3);
  static final Duration LINK_TIMEOUT = Duration.ofMinutes(3);

  static final String REFERENCE = "lld-link";
  static final String CANDIDATE = "jwin";

  final String name;
  final Path dir;
  private final String mainSource;
  private final List<String> extraSources = new ArrayList<>();
  private final List<String> cflags = new ArrayList<>();
  private String archiveName;
  private final List<String> archiveMembers = new ArrayList<>();
  private UnaryOperator<MingwLinkLine> linkOptions = l -> l;
  private final List<String> runtimeDlls = new ArrayList<>();
  private List<Path> objects;
  private MingwTarget target = MingwTarget.X86_64;
  private final List<String> sizedSections = new ArrayList<>();

  private E2eCase(String name, String mainSource) {
    this.name = name;
    this.mainSource = mainSource;
    this.dir = OUT_ROOT.resolve(name);
  }

  /** A case named {@code name} (its work directory) whose program is {@code src/test/c/e2e/<mainSource>}. */
  static E2eCase of(String name, String mainSource) {
    Tools.require();
    return new E2eCase(name, mainSource);
  }

  /** Compile and link for {@code t} (x86_64 unless set). */
  E2eCase target(MingwTarget t) {
    target = t;
    return this;
  }

  E2eCase cflags(String... flags) {
    cflags.addAll(Arrays.asList(flags));
    return this;
  }

  /** More sources compiled to objects and linked after the main one. */
  E2eCase sources(String... more) {
    extraSources.addAll(Arrays.asList(more));
    return this;
  }

  /** Builds {@code lib<name>.a} from the given sources with {@code llvm-ar rcs} and links it after the objects. */
  E2eCase archive(String libName, String... members) {
    archiveName = libName;
    archiveMembers.addAll(Arrays.asList(members));
    return this;
  }

  /** Options for the link line, e.g. {@code l -> l.staticLink()}. */
  E2eCase link(UnaryOperator<MingwLinkLine> options) {
    linkOptions = options;
    return this;
  }

  /** DLLs from gcc's lib directory that the program loads at run time (copied next to the images). */
  E2eCase runtimeDlls(String... dlls) {
    runtimeDlls.addAll(Arrays.asList(dlls));
    return this;
  }

  /** Output sections whose virtual size must also equal lld-link's (sizes are otherwise not compared). */
  E2eCase sameSizes(String... sections) {
    sizedSections.addAll(Arrays.asList(sections));
    return this;
  }

  boolean isCxx() {
    return mainSource.endsWith(".cpp");
  }

  // ---------------------------------------------------------------- compile

  /** Compiles every source once (and builds the archive); the objects are shared by all links. */
  List<Path> compile() {
    if (objects != null) return objects;
    freshDir(dir);
    List<Path> objs = new ArrayList<>();
    objs.add(compileOne(mainSource));
    for (String s : extraSources) objs.add(compileOne(s));
    if (archiveName != null) {
      List<Path> members = new ArrayList<>();
      for (String m : archiveMembers) members.add(compileOne(m));
      Path lib = dir.resolve("lib" + archiveName + ".a");
      Proc.check(Proc.cmd(Tools.AR, "rcs", lib, members), dir, "ar", COMPILE_TIMEOUT);
      objs.add(lib);
    }
    for (String dll : runtimeDlls) {
      try {
        Files.copy(target.gccLib.resolve(dll), dir.resolve(dll), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    objects = objs;
    return objs;
  }

  /** Creates {@code dir}, emptied of what an earlier run left. */
  static void freshDir(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.sorted((a, b) -> b.compareTo(a)).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Links with {@code linker} ({@link #REFERENCE} or {@link #CANDIDATE}) outside a case; fails the test if it fails. */
  static void linkWith(String linker, List<String> args, Path dir, String label, Path out) {
    if (linker.equals(CANDIDATE)) {
      String failure = JwinInProcess.run("link", args, dir, label + ".jwin.link", out);
      if (failure != null) throw new AssertionError("jwin link failed:\n" + failure);
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.LLD_LINK);
    cmd.addAll(args);
    Proc.Result r = Proc.run(cmd, dir, label + ".lld.link", LINK_TIMEOUT, java.util.Map.of());
    if (!r.ok()) throw new AssertionError("the reference link with lld-link failed:\n" + r.describe());
  }

  static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path compileOne(String source) {
    Path src = SRC.resolve(source);
    if (!Files.isRegularFile(src)) throw new AssertionError("test program missing: " + src);
    boolean cxx = source.endsWith(".cpp");
    String stem = source.substring(0, source.lastIndexOf('.'));
    Path obj = dir.resolve(stem + ".o");
    List<String> cmd = Proc.cmd(cxx ? Tools.CLANGXX : Tools.CLANG, "--target=" + target.triple, cflags,
        cxx ? target.cxxIncludeFlags() : List.of(), "-c", src, "-o", obj);
    Proc.check(cmd, dir, "compile-" + stem, COMPILE_TIMEOUT);
    return obj;
  }

  // ---------------------------------------------------------------- link

  /** The two images of one link, their structure, and the differences found. */
  record Linked(String tag, Path referenceExe, Path candidateExe, ImageSummary reference, ImageSummary candidate,
                List<String> structuralDiffs) {}

  MingwLinkLine linkLine() {
    MingwLinkLine l = isCxx() ? MingwLinkLine.cxx(target) : MingwLinkLine.c(target);
    return linkOptions.apply(l).inputs(compile());
  }

  /** Links with both linkers. {@code tag} names the images: {@code <tag>.lld.exe} and {@code <tag>.jwin.exe}. */
  Linked link(String tag, MingwLinkLine line) {
    compile();
    Path refExe = dir.resolve(tag + ".lld.exe");
    Path candExe = dir.resolve(tag + ".jwin.exe");
    List<String> refArgs = line.args(refExe);
    List<String> candArgs = line.args(candExe);
    writeRepro(tag, refArgs, candArgs);

    linkWithLld(tag, refArgs, refExe);

    String candidateFailure = linkCandidate(tag, candArgs, candExe);
    if (candidateFailure != null)
      throw new AssertionError("[" + name + "] jwin link failed (lld-link linked the same inputs fine).\n"
          + candidateFailure + "\nwork directory: " + dir + "\nrerun: sh " + dir.resolve(tag + ".repro.sh"));

    ImageSummary r = ImageSummary.of(refExe);
    ImageSummary c = ImageSummary.of(candExe);
    write(dir.resolve(tag + ".lld.summary.txt"), r.describe());
    write(dir.resolve(tag + ".jwin.summary.txt"), c.describe());
    List<String> diffs = new ArrayList<>(r.diff(c, REFERENCE, CANDIDATE));
    for (String name : sizedSections) {
      ImageSummary.Section rs = r.section(name), cs = c.section(name);
      long rsize = rs == null ? -1 : rs.virtualSize(), csize = cs == null ? -1 : cs.virtualSize();
      if (rsize != csize) diffs.add("size of " + name + " differs: " + REFERENCE + " 0x" + Long.toHexString(rsize) + ", "
          + CANDIDATE + " 0x" + Long.toHexString(csize));
    }
    if (!r.baseRelocsPerSection().equals(c.baseRelocsPerSection())) {
      List<String> why = BaseRelocTargets.explain(refExe, candExe, REFERENCE, CANDIDATE);
      if (!why.isEmpty())
        diffs.add("base relocations by kind (pointer's section -> section its value points into):\n      "
            + String.join("\n      ", why));
    }
    // The base-relocation blocks must equal lld-link's entry for entry (same chunks at the same addresses).
    List<String> refRelocs = baseRelocations(refExe), candRelocs = baseRelocations(candExe);
    if (!refRelocs.equals(candRelocs))
      diffs.add("base relocation blocks differ (llvm-readobj --coff-basereloc):\n" + DllE2eTest.lineDiff(refRelocs, candRelocs));
    return new Linked(tag, refExe, candExe, r, c, diffs);
  }

  /** {@code llvm-readobj --coff-basereloc} without the file name. */
  static List<String> baseRelocations(Path image) {
    return Proc.check(List.of(Tools.READOBJ, "--coff-basereloc", image.toString()), image.getParent(),
        image.getFileName() + ".basereloc", java.time.Duration.ofSeconds(60)).stdoutText().lines()
        .filter(l -> !l.startsWith("File:")).toList();
  }

  /** Links with lld-link-14 only; a failure here means the test itself (or its environment) is broken. */
  Path linkWithLld(String tag, MingwLinkLine line) {
    Path exe = dir.resolve(tag + ".lld.exe");
    linkWithLld(tag, line.args(exe), exe);
    return exe;
  }

  private void linkWithLld(String tag, List<String> args, Path exe) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Tools.LLD_LINK);
    cmd.addAll(args);
    Proc.Result ref = Proc.run(cmd, dir, tag + ".lld.link", LINK_TIMEOUT, java.util.Map.of());
    if (!ref.ok() || !Files.isRegularFile(exe))
      throw new AssertionError("[" + name + "] the reference link with lld-link failed, so the test itself is broken:\n"
          + ref.describe());
  }

  /** Returns null when the candidate linked, else a description of the failure. */
  private String linkCandidate(String tag, List<String> args, Path exe) {
    return JwinInProcess.run("link", args, dir, tag + ".jwin.link", exe);
  }

  private void writeRepro(String tag, List<String> refArgs, List<String> candArgs) {
    String sh = "#!/bin/sh\n# Re-runs both links of this case by hand (from the repository root for ./jwin).\nset -x\n"
        + Tools.LLD_LINK + " " + String.join(" ", refArgs) + "\n"
        + "./jwin link " + String.join(" ", candArgs) + "\n"
        + "llvm-readobj-14 " + String.join(" ", ImageSummary.READOBJ_FLAGS) + " " + dir.resolve(tag + ".jwin.exe") + "\n";
    write(dir.resolve(tag + ".repro.sh"), sh);
    write(dir.resolve(tag + ".link.args"), String.join("\n", refArgs) + "\n");
  }

  // ---------------------------------------------------------------- run

  /** Expected behaviour, from the comments in the main source and the .out file. */
  record Expected(List<String> args, int exitCode, String stdout) {}

  Expected expected() {
    Path src = SRC.resolve(mainSource);
    String text = read(src);
    List<String> args = List.of();
    Matcher m = Pattern.compile("(?m)^//\\s*e2e-args:(.*)$").matcher(text);
    if (m.find()) args = Arrays.stream(m.group(1).strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    Matcher x = Pattern.compile("(?m)^//\\s*expect-exit:\\s*(-?\\d+)").matcher(text);
    if (!x.find()) throw new AssertionError(src + " has no '// expect-exit: N' comment");
    Path out = src.resolveSibling(mainSource.substring(0, mainSource.lastIndexOf('.')) + ".out");
    if (!Files.isRegularFile(out)) throw new AssertionError("expected output file missing: " + out);
    return new Expected(args, Integer.parseInt(x.group(1)), read(out));
  }

  /** Runs both images under Wine; returns the differences (empty when all agree with each other and with the expectation). */
  List<String> runBoth(Linked l) {
    Expected exp = expected();
    Proc.Result ref = Wine.run(l.referenceExe(), exp.args(), l.tag() + ".lld.run");
    Proc.Result cand = Wine.run(l.candidateExe(), exp.args(), l.tag() + ".jwin.run");
    List<String> problems = new ArrayList<>();
    String refOut = normalize(ref.stdoutText());
    String candOut = normalize(cand.stdoutText());
    String refExit = ref.timedOut() ? "TIMEOUT" : String.valueOf(ref.exitCode());
    String candExit = cand.timedOut() ? "TIMEOUT" : String.valueOf(cand.exitCode());
    if (!refOut.equals(exp.stdout()) || !refExit.equals(String.valueOf(exp.exitCode())))
      problems.add("the lld-linked program does not behave as expected (the test or its environment is wrong):\n"
          + runReport("expected", String.valueOf(exp.exitCode()), exp.stdout(), "")
          + runReport("lld-link image", refExit, refOut, ref.stderr()));
    if (!Arrays.equals(ref.stdout(), cand.stdout()) || !refExit.equals(candExit)
        || !candOut.equals(exp.stdout()) || !candExit.equals(String.valueOf(exp.exitCode())))
      problems.add("the jwin-linked program behaves differently:\n"
          + runReport("lld-link image", refExit, refOut, ref.stderr())
          + runReport("jwin image", candExit, candOut, cand.stderr())
          + (candOut.equals(exp.stdout()) ? "" : firstDifference(exp.stdout(), candOut)));
    return problems;
  }

  private static String runReport(String who, String exit, String stdout, String stderr) {
    return "  --- " + who + ": exit code " + exit + "\n    | " + stdout.stripTrailing().replace("\n", "\n    | ") + "\n"
        + (stderr.isBlank() ? "" : "    stderr: " + Proc.indent(stderr) + "\n");
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String x = i < e.length ? e[i] : "<end of output>";
      String y = i < a.length ? a[i] : "<end of output>";
      if (!x.equals(y)) return "  first difference from the expected output at line " + (i + 1) + ":\n    expected: " + x
          + "\n    jwin:     " + y + "\n";
    }
    return "";
  }

  static String normalize(String s) {
    return s.replace("\r\n", "\n");
  }

  // ---------------------------------------------------------------- all together

  /** Compile, link with both linkers, compare structure, run both: fails with everything that differs. */
  void verify() {
    Linked l = link("main", linkLine());
    List<String> problems = new ArrayList<>();
    if (!l.structuralDiffs().isEmpty()) problems.add(structureReport(l));
    problems.addAll(runBoth(l));
    failIfAny(problems);
  }

  /**
   * Compile, link with both linkers, compare structure, run both: the jwin image must behave exactly as
   * the lld-link one (stdout and exit code), whether or not that matches the expected output. For programs
   * that lld-link-14 itself does not link correctly for a target.
   */
  void verifySameAsReference() {
    Linked l = link("main", linkLine());
    List<String> problems = new ArrayList<>();
    if (!l.structuralDiffs().isEmpty()) problems.add(structureReport(l));
    Expected exp = expected();
    Proc.Result ref = Wine.run(l.referenceExe(), exp.args(), l.tag() + ".lld.run");
    Proc.Result cand = Wine.run(l.candidateExe(), exp.args(), l.tag() + ".jwin.run");
    String refExit = ref.timedOut() ? "TIMEOUT" : String.valueOf(ref.exitCode());
    String candExit = cand.timedOut() ? "TIMEOUT" : String.valueOf(cand.exitCode());
    if (!Arrays.equals(ref.stdout(), cand.stdout()) || !refExit.equals(candExit))
      problems.add("the jwin-linked program behaves differently:\n"
          + runReport("lld-link image", refExit, normalize(ref.stdoutText()), ref.stderr())
          + runReport("jwin image", candExit, normalize(cand.stdoutText()), cand.stderr()));
    failIfAny(problems);
  }

  String structureReport(Linked l) {
    return "the images differ structurally (" + l.tag() + "):\n  - " + String.join("\n  - ", l.structuralDiffs())
        + "\n  full readobj text: " + l.referenceExe() + ".readobj.txt and " + l.candidateExe() + ".readobj.txt";
  }

  void failIfAny(List<String> problems) {
    if (problems.isEmpty()) return;
    throw new AssertionError("[" + name + "] " + String.join("\n\n", problems) + "\n\nwork directory: " + dir);
  }

  private static String read(Path p) {
    try {
      return normalize(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, String s) {
    try {
      Files.writeString(p, s, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
