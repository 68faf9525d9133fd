package dev.jwin.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwin.api.CompileRequest;
import dev.jwin.api.Jwin;
import dev.jwin.api.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.maven.it.VerificationException;
import org.apache.maven.it.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Maven on src/it/jni-sample: javac -h, then jwin:jni builds sample.dll into the JNA layout; the DLL is
 * checked with llvm-readobj and run under Wine by a C program that hands it a JNIEnv of its own. A second build
 * runs neither compiler nor linker; bad configurations fail the build with a clear message.
 *
 * <p>Maven runs with a local repository of its own (target/it-repo) holding this build's jwin artifacts; other
 * plugins come from ~/.m2 through a file: mirror, so no network is used once they are there.
 */
class JniPluginTest {
  static final Path BASE = Path.of("").toAbsolutePath();
  static final Path WORK = BASE.resolve("target/it");
  static final Path REPO = BASE.resolve("target/it-repo");
  static final Set<String> SYSTEM_DLLS = Set.of("kernel32.dll", "msvcrt.dll", "ws2_32.dll", "user32.dll",
      "advapi32.dll", "ntdll.dll", "shell32.dll", "ucrtbase.dll");
  static Path wrappers;
  static Path clangLog;

  @BeforeAll
  static void setUp() throws Exception {
    for (String tool : List.of("clang-14", "llvm-readobj-14", "wine", "mvn"))
      assertThat(onPath(tool)).as(tool + " on PATH (scripts/setup installs it)").isNotNull();
    deleteTree(WORK);
    Files.createDirectories(WORK);
    installJwin();
    Files.writeString(WORK.resolve("settings.xml"), """
        <settings>
          <mirrors>
            <mirror><id>home-m2</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
          </mirrors>
        </settings>
        """.formatted(Path.of(System.getProperty("user.home"), ".m2", "repository").toUri()));
    // clang-14 on PATH for the build: logs each run, then runs the real one.
    wrappers = Files.createDirectories(WORK.resolve("bin"));
    clangLog = WORK.resolve("clang-runs.log");
    Path clang = wrappers.resolve("clang-14");
    Files.writeString(clang, "#!/bin/sh\necho \"$@\" >> '" + clangLog + "'\nexec '" + onPath("clang-14") + "' \"$@\"\n");
    Files.setPosixFilePermissions(clang, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void buildsLoadsAndRebuildsNothing() throws Exception {
    Path project = copySample("sample");
    Verifier v = verifier(project);
    v.executeGoal("compile");
    v.verifyErrorFreeLog();
    Path dll = project.resolve("target/classes/win32-x86-64/sample.dll");
    assertThat(dll).isRegularFile();
    assertThat(Files.readString(clangLog)).contains("native.c", "digits.cpp");
    assertThat(Files.readString(project.resolve("log.txt"))).contains("jwin cc: compile:", "jwin cc: link:");

    String exports = run(List.of("llvm-readobj-14", "--coff-exports", dll.toString()));
    for (String n : List.of("greet", "sum", "applyTwice", "networkOrder", "decimalDigits"))
      assertThat(exports).contains("Name: Java_sample_Native_" + n);
    assertThat(imports(dll)).contains("ws2_32.dll").allMatch(SYSTEM_DLLS::contains);

    // The harness, built with the plugin's jni.h by the Java API, loads the DLL under Wine.
    Path harness = WORK.resolve("jni-harness.exe");
    Result r = Jwin.compile(new CompileRequest("x86_64-windows-gnu", List.of(BASE.resolve("src/test/c/jni-harness.c")),
        harness, false, List.of(BASE.resolve("src/main/resources/dev/jwin/maven/include")), Map.of(), List.of("-O1"),
        List.of(), env()));
    assertThat(r.ok()).as(r.output()).isTrue();
    String out = run(List.of("wine", harness.toString(), "Z:" + dll.toString().replace('/', '\\')));
    assertThat(out).contains("all checks passed").doesNotContain("FAILED");

    // Nothing changed: no compiler run, and no link (a link or a copy from the cache would write a new file).
    Files.delete(clangLog);
    BasicFileAttributes before = Files.readAttributes(dll, BasicFileAttributes.class);
    Verifier again = verifier(project);
    again.setLogFileName("log-again.txt");
    again.executeGoal("compile");
    again.verifyErrorFreeLog();
    assertThat(clangLog).doesNotExist();
    BasicFileAttributes after = Files.readAttributes(dll, BasicFileAttributes.class);
    assertThat(after.fileKey()).isEqualTo(before.fileKey());
    assertThat(after.lastModifiedTime()).isEqualTo(before.lastModifiedTime());

    // The first build cannot record its inputs' stamps when they are younger than two seconds (the headers javac
    // and the goal wrote just before): the second build then checks by content, and records. From then on an
    // unchanged build is answered from file stamps alone: the driver's only step is the up-to-date check.
    Verifier third = verifier(project);
    third.setLogFileName("log-third.txt");
    third.executeGoal("compile");
    third.verifyErrorFreeLog();
    assertThat(clangLog).doesNotExist();
    assertThat(Files.readAttributes(dll, BasicFileAttributes.class).fileKey()).isEqualTo(before.fileKey());
    String log = Files.readString(project.resolve("log-third.txt"));
    assertThat(log).contains("jwin cc: up-to-date check:").doesNotContain("jwin cc: compile:", "jwin cc: link:");
    Matcher t = Pattern.compile("jwin: jni goal took ([0-9.]+) ms \\(([0-9.]+) ms CPU\\)").matcher(log);
    assertThat(t.find()).isTrue();
    System.out.println("no-op jwin:jni: " + t.group(1) + " ms, " + t.group(2) + " ms CPU");

    // The natives layout (the link comes from the cache), then -Djwin.skip with a pattern layout.
    Verifier natives = verifier(project);
    natives.addCliOption("-Djwin.layout=natives");
    natives.setLogFileName("log-natives.txt");
    natives.executeGoal("compile");
    natives.verifyErrorFreeLog();
    assertThat(project.resolve("target/classes/natives/windows-x86_64/sample.dll")).isRegularFile();

    // i686: JNICALL is stdcall; each native is exported undecorated and decorated, and runs under 32-bit Wine.
    // Its C++ native throws and catches (decimalDigits(-5)): DWARF-2 unwinding through the frames jwin links.
    Verifier x86 = verifier(project);
    x86.addCliOption("-Djwin.targets=i686-windows-gnu");
    x86.setLogFileName("log-x86.txt");
    x86.executeGoal("compile");
    x86.verifyErrorFreeLog();
    Path dll32 = project.resolve("target/classes/win32-x86/sample.dll");
    String exports32 = run(List.of("llvm-readobj-14", "--coff-exports", dll32.toString()));
    assertThat(exports32).contains("Name: Java_sample_Native_greet\n", "Name: Java_sample_Native_greet@12\n",
        "Name: Java_sample_Native_decimalDigits@16\n", "Name: Java_sample_Native_applyTwice@16\n");
    assertThat(imports(dll32)).allMatch(SYSTEM_DLLS::contains);
    Path harness32 = WORK.resolve("jni-harness32.exe");
    Result r32 = Jwin.compile(new CompileRequest("i686-windows-gnu", List.of(BASE.resolve("src/test/c/jni-harness.c")),
        harness32, false, List.of(BASE.resolve("src/main/resources/dev/jwin/maven/include")), Map.of(),
        List.of("-O1"), List.of(), env()));
    assertThat(r32.ok()).as(r32.output()).isTrue();
    assertThat(run(List.of("wine", harness32.toString(), "Z:" + dll32.toString().replace('/', '\\'))))
        .contains("all checks passed").doesNotContain("FAILED");
    Verifier skipped = verifier(project);
    skipped.addCliOption("-Djwin.skip");
    skipped.addCliOption("-Djwin.layout=lib/{arch}/{name}.dll");
    skipped.setLogFileName("log-skip.txt");
    skipped.executeGoal("compile");
    assertThat(project.resolve("target/classes/lib")).doesNotExist();
    assertThat(Files.readString(project.resolve("log-skip.txt"))).contains("jwin: skipped");
  }

  @Test
  void badConfigurationsFailTheBuildWithAClearMessage() throws Exception {
    Path project = copySample("bad");
    assertThat(failingBuild(project, "-Djwin.targets=x86_64-linux-gnu", "log-target.txt"))
        .contains("jwin: unknown target 'x86_64-linux-gnu'");
    assertThat(failingBuild(project, "-Djwin.sources=src/main/nothere", "log-sources.txt"))
        .containsPattern("jwin: source directory \\S*src/main/nothere does not exist");
    // A compile error: a Maven error with file and line.
    Files.writeString(project.resolve("src/main/c/broken.c"), "int broken(void) {\n  return 1\n}\n");
    String log = failingBuild(project, "-Dx=1", "log-broken.txt");
    assertThat(log).containsPattern("\\[ERROR\\] \\S*src/main/c/broken\\.c:2:\\d+: error: expected ';'");
    assertThat(log).contains("building sample.dll for x86_64-windows-gnu failed");
    // A link error: the symbol and the source that references it.
    Files.writeString(project.resolve("src/main/c/broken.c"), "int missing_fn(void);\nint use(void) { return missing_fn(); }\n");
    String link = failingBuild(project, "-Dx=2", "log-link.txt");
    assertThat(link).containsPattern("\\[ERROR\\] \\S*src/main/c/broken\\.c: error: undefined symbol: missing_fn");
  }

  /** The DLLs an image imports from, in lower case. */
  private static List<String> imports(Path image) throws Exception {
    List<String> imports = new ArrayList<>();
    Matcher m = Pattern.compile("Name: (\\S+\\.dll)", Pattern.CASE_INSENSITIVE)
        .matcher(run(List.of("llvm-readobj-14", "--coff-imports", image.toString())));
    while (m.find()) imports.add(m.group(1).toLowerCase(Locale.ROOT));
    return imports;
  }

  private static String failingBuild(Path project, String option, String logName) throws Exception {
    Verifier v = verifier(project);
    v.addCliOption(option);
    v.setLogFileName(logName);
    assertThatThrownBy(() -> v.executeGoal("compile")).isInstanceOf(VerificationException.class);
    String log = Files.readString(project.resolve(v.getLogFileName()));
    assertThat(log).contains("BUILD FAILURE");
    return log;
  }

  private static Verifier verifier(Path project) throws VerificationException {
    Verifier v = new Verifier(project.toString(), WORK.resolve("settings.xml").toString(), false, true);
    v.setAutoclean(false);
    v.setLocalRepo(REPO.toString());
    v.addCliOption("-B");
    for (Map.Entry<String, String> e : env().entrySet()) v.setEnvironmentVariable(e.getKey(), e.getValue());
    v.setEnvironmentVariable("PATH", wrappers + ":" + System.getenv("PATH"));
    v.setEnvironmentVariable("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
    v.setEnvironmentVariable("JWIN_CC_TIME", "1"); // the driver's steps in the log: which ones ran
    return v;
  }

  private static Map<String, String> env() {
    return Map.of("JWIN_CACHE_DIR", WORK.resolve("cache").toString(), "PATH", System.getenv("PATH"),
        "WINEDEBUG", "-all", "HOME", System.getProperty("user.home"),
        "JAVA_HOME", System.getProperty("java.home"));
  }

  private static Path copySample(String name) throws IOException {
    Path src = BASE.resolve("src/it/jni-sample");
    Path dest = WORK.resolve(name);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path d = dest.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(d);
        else Files.copy(p, d);
      }
    }
    return dest;
  }

  /**
   * This build's jwin-core, jwin-api and plugin (jars made from the classes the tests run with, since the test
   * phase comes before packaging) into the local repository Maven will use, each with a minimal POM.
   */
  private static void installJwin() throws IOException, URISyntaxException {
    Path core = Path.of(dev.jwin.link.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path api = Path.of(Jwin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    install("jwin-core", "jar", core, null);
    install("jwin-api", "jar", api, "jwin-core");
    install("jwin-maven-plugin", "maven-plugin", BASE.resolve("target/classes"), "jwin-api");
  }

  private static void install(String artifact, String packaging, Path classes, String dependency) throws IOException {
    Path dir = REPO.resolve("dev/jwin/" + artifact + "/0.1.0-SNAPSHOT");
    deleteTree(dir);
    Files.createDirectories(dir);
    String base = artifact + "-0.1.0-SNAPSHOT";
    if (Files.isDirectory(classes)) jar(classes, dir.resolve(base + ".jar"));
    else Files.copy(classes, dir.resolve(base + ".jar"));
    Files.writeString(dir.resolve(base + ".pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>dev.jwin</groupId><artifactId>%s</artifactId><version>0.1.0-SNAPSHOT</version>
          <packaging>%s</packaging>
          <dependencies>%s</dependencies>
        </project>
        """.formatted(artifact, packaging, dependency == null ? "" : "<dependency><groupId>dev.jwin</groupId><artifactId>"
        + dependency + "</artifactId><version>0.1.0-SNAPSHOT</version></dependency>"));
  }

  private static void jar(Path classes, Path jar) throws IOException {
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
        Stream<Path> s = Files.walk(classes)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(p).toString()));
        Files.copy(p, j);
        j.closeEntry();
      }
    }
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("WINEDEBUG", "-all");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  private static Path onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, exe);
      if (!d.isEmpty() && Files.isExecutable(p)) return p;
    }
    return null;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
    }
  }
}
