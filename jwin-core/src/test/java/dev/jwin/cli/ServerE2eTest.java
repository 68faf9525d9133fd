package dev.jwin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jwin server} through the launcher's client ({@code scripts/server-client.sh}): what a command answers through
 * the server (exit code, stdout, stderr, every file written) is what the same command answers in a process of its
 * own; concurrent clients; and every doubt ending in the client running the command itself: no server, a rebuilt jar,
 * a wrong token, a server killed during a request, {@code JWIN_SERVER=off}.
 */
class ServerE2eTest {
  @TempDir Path dir;
  private Path jar;
  private Path launcher;
  private Path work;
  private Path info;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    for (String tool : List.of("clang-14", "bash", "setsid", "mktemp"))
      assertThat(onPath(tool)).as(tool + " on PATH (scripts/setup)").isNotNull();
    jar = dir.resolve("jwin.jar");
    writeJar(jar);
    Path checkout = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    if (!Files.isRegularFile(checkout.resolve("jwin"))) checkout = checkout.getParent();
    launcher = dir.resolve("jwin");
    // ./jwin's last steps, with a jar of the compiled classes.
    Files.writeString(launcher, "#!/usr/bin/env bash\nset -euo pipefail\njar='" + jar + "'\naot='" + dir.resolve("none.aot")
        + "'\nexport JAVA_HOME='" + System.getProperty("java.home") + "'\n"
        + "case \"${1:-}\" in cc|c++|ld|link|lld-link) . '" + checkout.resolve("scripts/server-client.sh")
        + "' \"$@\" ;; esac\nexec \"$JAVA_HOME/bin/java\" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar \"$jar\" \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    work = Files.createDirectories(dir.resolve("work"));
    env.put("JWIN_SERVER_DIR", dir.resolve("state").toString());
    env.put("JWIN_CACHE_DIR", dir.resolve("cache").toString());
    info = dir.resolve("state").resolve(jar.toString().replace('/', '_'));
    Files.writeString(work.resolve("util.h"), "int twice(int x);\n");
    Files.writeString(work.resolve("a.c"), "#include <stdio.h>\n#include \"util.h\"\n"
        + "int main(void) { int unused; printf(\"%d\\n\", twice(21)); return 0; }\n");
    Files.writeString(work.resolve("b.c"), "#include \"util.h\"\nint twice(int x) { return 2 * x; }\n");
    Files.writeString(work.resolve("bad.c"), "int f(void) { return undeclared; }\n");
  }

  @AfterEach
  void stopServer() throws Exception {
    // A stopped server finishes what it was at (a cache write, its cache statistics) before it exits: wait for
    // its process, so that the temporary directory is not deleted under it.
    ProcessHandle server = null;
    if (Files.isRegularFile(info)) {
      String[] f = Files.readString(info).strip().split(" ");
      if (f.length > 2 && f[2].matches("[0-9]+") && Long.parseLong(f[2]) != ProcessHandle.current().pid())
        server = ProcessHandle.of(Long.parseLong(f[2])).orElse(null);
    }
    run(List.of("server", "--stop"), Map.of());
    if (server != null) server.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** One command: exit code, stdout and stderr, and the bytes of every file in the working directory after it. */
  record Outcome(int exitCode, String out, String err, Map<String, String> files) {}

  private static final List<List<String>> COMMANDS = List.of(
      List.of("cc", "-Wall", "-c", "a.c", "-o", "a.o", "-MD", "-MP"),
      List.of("cc", "-g", "-O1", "-c", "b.c"),
      List.of("cc", "-c", "bad.c"),
      List.of("cc", "a.o", "b.o", "-o", "prog.exe"),
      List.of("cc", "-E", "b.c"),
      List.of("cc", "a.c", "b.c", "-o", "prog2.exe", "-Wl,--out-implib,prog2.a"),
      List.of("cc", "-c", "missing.c"),
      List.of("link", "-lldmingw", "-out:x.exe", "nosuch.o"),
      List.of("ld", "-o", "y.exe", "nosuch.o"));

  @Test
  void answersAsAProcessOfItsOwnWould() throws Exception {
    // Twice each way: the first round compiles and links, the second finds everything in the cache.
    List<List<Outcome>> cold = List.of(round(Map.of("JWIN_SERVER", "off", "JWIN_CACHE_DIR", cache("cold"))),
        round(Map.of("JWIN_SERVER", "off", "JWIN_CACHE_DIR", cache("cold"))));
    startServer();
    List<List<Outcome>> warm = List.of(round(Map.of("JWIN_CACHE_DIR", cache("warm"))),
        round(Map.of("JWIN_CACHE_DIR", cache("warm"))));
    for (int r = 0; r < 2; r++)
      for (int i = 0; i < COMMANDS.size(); i++)
        assertThat(warm.get(r).get(i)).as("round " + r + ": " + String.join(" ", COMMANDS.get(i)))
            .isEqualTo(cold.get(r).get(i));
    assertThat(served()).as("commands the server ran").isEqualTo(2 * COMMANDS.size());
    assertThat(cold.getFirst().get(0).err()).contains("unused");
    assertThat(cold.getFirst().get(2).exitCode()).isEqualTo(1);
    assertThat(cold.getFirst().get(3).files()).containsKey("prog.exe");
  }

  private String cache(String name) {
    return dir.resolve("cache-" + name).toString();
  }

  /** Every command once, in a clean working directory. */
  private List<Outcome> round(Map<String, String> extra) throws Exception {
    clean();
    List<Outcome> outcomes = new ArrayList<>();
    for (List<String> c : COMMANDS) outcomes.add(outcome(c, extra));
    return outcomes;
  }

  @Test
  void servesConcurrentClients() throws Exception {
    int n = 8;
    for (int i = 0; i < n; i++)
      Files.writeString(work.resolve("f" + i + ".c"), "int f" + i + "(int x) { return x * " + i + "; }\n");
    startServer();
    try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<String> c = List.of("cc", "-O2", "-c", "f" + i + ".c");
        done.add(pool.submit(() -> run(c, Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString())).exitCode()));
      }
      for (Future<Integer> f : done) assertThat(f.get()).isZero();
    }
    assertThat(served()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      byte[] warm = Files.readAllBytes(work.resolve("f" + i + ".o"));
      run(List.of("cc", "-O2", "-c", "f" + i + ".c"), Map.of("JWIN_SERVER", "off", "JWIN_CACHE_DIR",
          dir.resolve("cold").toString()));
      assertThat(Files.readAllBytes(work.resolve("f" + i + ".o"))).isEqualTo(warm);
    }
  }

  @Test
  void offIsOff() throws Exception {
    startServer();
    assertThat(run(List.of("cc", "-c", "b.c"), Map.of("JWIN_SERVER", "off")).exitCode()).isZero();
    assertThat(served()).isZero();
    assertThat(work.resolve("b.o")).isRegularFile();
  }

  @Test
  void aClientInTheCLocaleIsServedAndOneWithARelativeCacheIsNot() throws Exception {
    Outcome cold = outcome(List.of("cc", "-Wall", "-c", "a.c"), Map.of("JWIN_SERVER", "off", "LC_ALL", "C",
        "JWIN_CACHE_DIR", cache("cold")));
    clean();
    startServer();
    // configure runs everything with LC_ALL=C: all ASCII here, so the server's own locale makes no difference.
    assertThat(outcome(List.of("cc", "-Wall", "-c", "a.c"), Map.of("LC_ALL", "C", "JWIN_CACHE_DIR", cache("warm"))))
        .isEqualTo(cold);
    assertThat(served()).isEqualTo(1);
    // A relative cache directory would be resolved against the server's directory: declined, run by the client.
    clean();
    Outcome relative = outcome(List.of("cc", "-Wall", "-c", "a.c"), Map.of("LC_ALL", "C", "JWIN_CACHE_DIR",
        "../cache-relative"));
    assertThat(relative).isEqualTo(cold);
    assertThat(dir.resolve("cache-relative")).isDirectory();
    assertThat(served()).isEqualTo(1);
  }

  @Test
  void aRebuiltJarIsNeverAskedAndStopsItsServer() throws Exception {
    startServer();
    long pid = Long.parseLong(Files.readString(info).strip().split(" ")[2]);
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Outcome o = outcome(List.of("cc", "-c", "b.c"), Map.of("JWIN_SERVER_NO_START", "1"));
    assertThat(o.exitCode()).isZero();
    assertThat(o.files()).containsKey("b.o");
    ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("old server stopped").isFalse();
  }

  @Test
  void aWrongTokenIsRejected() throws Exception {
    startServer();
    String[] f = Files.readString(info).strip().split(" ");
    assertThat(request(f[0], List.of(Server.MAGIC, "not-the-token", jar.toString(), "run", "1", "2", "cc",
        "--version"))).isEqualTo("B\0");
    // The launcher with a wrong token runs the command itself.
    Files.writeString(info, f[0] + " 0123 " + f[2] + "\n");
    Outcome o = outcome(List.of("cc", "-c", "b.c"), Map.of("JWIN_SERVER_NO_START", "1"));
    assertThat(o.exitCode()).isZero();
    assertThat(o.files()).containsKey("b.o");
  }

  @Test
  void aServerKilledDuringARequestLeavesTheCommandToTheClient() throws Exception {
    Files.writeString(work.resolve("big.c"), bigSource());
    startServer();
    long pid = Long.parseLong(Files.readString(info).strip().split(" ")[2]);
    Process client = start(List.of("cc", "-O2", "-c", "big.c"), Map.of("JWIN_SERVER_NO_START", "1"));
    // Killed once it has the request (clang is running for it, in the client).
    awaitClang(client);
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    assertThat(client.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).isZero();
    assertThat(work.resolve("big.o")).isRegularFile();
  }

  @Test
  void clangRunByTheClientMakesWhatTheServerAndAProcessOfItsOwnMake() throws Exception {
    // clang-14 along PATH logs its parent: the client (bash) on a cache miss through the server.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path log = dir.resolve("clang.log");
    Files.writeString(bin.resolve("clang-14"), "#!/bin/sh\necho \"$PPID $*\" >> '" + log + "'\nexec '"
        + onPath("clang-14") + "' \"$@\"\n");
    Files.setPosixFilePermissions(bin.resolve("clang-14"), PosixFilePermissions.fromString("rwxr-xr-x"));
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    Files.writeString(work.resolve("w.c"), "#include \"util.h\"\n#warning from w.c\nint w(void) { return twice(2); }\n");
    List<List<String>> commands = List.of(List.of("cc", "-g", "-Wall", "-c", "w.c", "-o", "w.o", "-MD", "-MP"),
        List.of("cc", "-O2", "-c", "a.c", "-MMD"), List.of("cc", "-c", "bad.c", "-o", "bad.o"));
    startServer();
    long server = Long.parseLong(Files.readString(info).strip().split(" ")[2]);
    for (List<String> c : commands) {
      clean();
      Outcome own = outcome(c, Map.of("JWIN_SERVER", "off", "JWIN_CACHE_DIR", cache("own")));
      clean();
      Outcome inServer = outcome(c, Map.of("JWIN_SERVER_CLANG", "in-process", "JWIN_CACHE_DIR", cache("server")));
      clean();
      Files.deleteIfExists(log);
      Outcome inClient = outcome(c, Map.of("JWIN_CACHE_DIR", cache("client")));
      // The compile's clang (the server itself asks clang for its include path, or for system headers with -MMD).
      List<String> compiles = Files.readAllLines(log).stream().filter(l -> l.contains(" -c -o ")).toList();
      assertThat(compiles).as("clang -c").hasSize(1);
      assertThat(compiles.getFirst()).as("clang's parent").doesNotStartWith(server + " ");
      assertThat(inClient).as(String.join(" ", c)).isEqualTo(own).isEqualTo(inServer);
      // And from the cache the client's clang filled, as a cold run from its own.
      clean();
      Outcome ownAgain = outcome(c, Map.of("JWIN_SERVER", "off", "JWIN_CACHE_DIR", cache("own")));
      clean();
      assertThat(outcome(c, Map.of("JWIN_CACHE_DIR", cache("client")))).isEqualTo(ownAgain);
    }
    assertThat(served()).isEqualTo(3 * commands.size());
    clean();
    Outcome w = outcome(commands.get(0), Map.of("JWIN_CACHE_DIR", cache("again")));
    assertThat(w.err()).contains("warning: from w.c");
    assertThat(w.files()).containsKeys("w.o", "w.d");
    Outcome bad = outcome(commands.get(2), Map.of("JWIN_CACHE_DIR", cache("again")));
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).contains("error: use of undeclared identifier 'undeclared'");
  }

  @Test
  void aStoppedServerLeavesTheCommandToTheClient() throws Exception {
    startServer();
    long pid = Long.parseLong(Files.readString(info).strip().split(" ")[2]);
    signal("STOP", pid);
    try {
      long t0 = System.nanoTime();
      Outcome o = outcome(List.of("cc", "-c", "b.c"), Map.of("JWIN_SERVER_NO_START", "1", "JWIN_SERVER_TIMEOUT",
          "2"));
      assertThat(o.exitCode()).isZero();
      assertThat(o.files()).containsKey("b.o");
      assertThat((System.nanoTime() - t0) / 1e9).as("seconds").isLessThan(60);
    } finally {
      signal("CONT", pid);
    }
    assertThat(served()).isZero();
  }

  @Test
  void aServerStoppedWhileTheClientsClangRunsLeavesTheCommandToTheClient() throws Exception {
    Files.writeString(work.resolve("big.c"), bigSource());
    startServer();
    long pid = Long.parseLong(Files.readString(info).strip().split(" ")[2]);
    Process client = start(List.of("cc", "-O2", "-c", "big.c"), Map.of("JWIN_SERVER_NO_START", "1",
        "JWIN_SERVER_TIMEOUT", "2"));
    awaitClang(client);
    signal("STOP", pid);
    try {
      assertThat(client.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(client.exitValue()).isZero();
      assertThat(work.resolve("big.o")).isRegularFile();
    } finally {
      signal("CONT", pid);
    }
    byte[] fallback = Files.readAllBytes(work.resolve("big.o"));
    run(List.of("cc", "-O2", "-c", "big.c"), Map.of("JWIN_SERVER", "off", "JWIN_CACHE_DIR", cache("cold")));
    assertThat(Files.readAllBytes(work.resolve("big.o"))).isEqualTo(fallback);
  }

  @Test
  void aCommandLongerThanTheTimeoutKeepsItsClientWaiting() throws Exception {
    Files.writeString(work.resolve("big.c"), bigSource());
    startServer();
    // clang runs in the server here: its heartbeats keep a client with a one-second timeout waiting.
    Outcome o = outcome(List.of("cc", "-O2", "-c", "big.c"), Map.of("JWIN_SERVER_CLANG", "in-process",
        "JWIN_SERVER_TIMEOUT", "1", "JWIN_SERVER_NO_START", "1"));
    assertThat(o.exitCode()).isZero();
    assertThat(o.files()).containsKey("big.o");
    assertThat(served()).isEqualTo(1);
  }

  @Test
  void anotherProtocolVersionIsDeclinedBothWays() throws Exception {
    startServer();
    String[] f = Files.readString(info).strip().split(" ");
    // An older client: answered B, and it runs the command itself.
    assertThat(request(f[0], List.of("jwin-server 1", f[1], jar.toString(), "run", "1", "2", "cc", "--version")))
        .isEqualTo("B\0");
    // An older server answers this client's request with B (the magic is not its own): the client runs it.
    try (java.net.ServerSocket old = new java.net.ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      Thread fake = Thread.ofVirtual().start(() -> {
        while (true) {
          try (Socket s = old.accept()) {
            InputStream in = s.getInputStream();
            StringBuilder magic = new StringBuilder();
            for (int c; (c = in.read()) > 0; ) magic.append((char) c);
            s.getOutputStream().write((magic.toString().equals("jwin-server 1") ? "R\0" : "B\0")
                .getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            return;
          }
        }
      });
      Files.writeString(info, old.getLocalPort() + " " + f[1] + " " + ProcessHandle.current().pid() + "\n");
      Outcome o = outcome(List.of("cc", "-c", "b.c"), Map.of("JWIN_SERVER_NO_START", "1"));
      assertThat(o.exitCode()).isZero();
      assertThat(o.files()).containsKey("b.o");
      old.close();
      fake.join();
    }
    Files.writeString(info, String.join(" ", f) + "\n"); // for @AfterEach's --stop
  }

  // ---- helpers

  /** Sends NUL-terminated fields to the server at {@code port}; its whole answer. */
  private static String request(String port, List<String> fields) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(port))) {
      // In one write: the server answers a bad request without reading the rest.
      OutputStream o = s.getOutputStream();
      o.write((String.join("\0", fields) + "\0").getBytes(StandardCharsets.UTF_8));
      o.flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A compile that takes a while: many functions at -O2. */
  private static String bigSource() {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 3000; i++)
      big.append("int g").append(i).append("(int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i] * ")
          .append(i).append(" ^ (s >> 3); return s; }\n");
    return big.toString();
  }

  /** Waits until the client runs clang (itself, on a cache miss through the server). */
  private static void awaitClang(Process client) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (client.descendants().noneMatch(p -> p.info().command().orElse("").contains("clang"))) {
      assertThat(System.currentTimeMillis()).as("clang started by the client").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void signal(String name, long pid) throws Exception {
    assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
  }

  private void startServer() throws Exception {
    run(List.of("cc", "--version"), Map.of()); // no server yet: runs here, starts one
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (Files.isRegularFile(info) && run(List.of("server", "--status"), Map.of()).exitCode() == 0) return;
      Thread.sleep(100);
    }
    throw new AssertionError("the server did not start: " + readLog());
  }

  private String readLog() throws IOException {
    Path log = dir.resolve("state/server.log");
    return Files.isRegularFile(log) ? Files.readString(log) : "(no log)";
  }

  private long served() throws Exception {
    String s = run(List.of("server", "--status"), Map.of()).out();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) commands").matcher(s);
    assertThat(m.find()).as(s).isTrue();
    return Long.parseLong(m.group(1));
  }

  private Outcome outcome(List<String> cmd, Map<String, String> extra) throws Exception {
    Outcome o = run(cmd, extra);
    Map<String, String> files = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.list(work)) {
      for (Path p : s.toList())
        files.put(p.getFileName().toString(), java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
    }
    return new Outcome(o.exitCode(), o.out(), o.err(), files);
  }

  private Outcome run(List<String> cmd, Map<String, String> extra) throws Exception {
    Process p = start(cmd, extra);
    p.getOutputStream().close();
    Future<byte[]> err;
    try (ExecutorService e = Executors.newSingleThreadExecutor()) {
      InputStream es = p.getErrorStream();
      err = e.submit(es::readAllBytes);
      byte[] out = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
      return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8),
          new String(err.get(), StandardCharsets.UTF_8), Map.of());
    }
  }

  private Process start(List<String> cmd, Map<String, String> extra) throws IOException {
    List<String> full = new ArrayList<>(List.of(launcher.toString()));
    full.addAll(cmd);
    ProcessBuilder pb = new ProcessBuilder(full).directory(work.toFile());
    pb.environment().putAll(env);
    pb.environment().putAll(extra);
    return pb.start();
  }

  private void clean() throws IOException {
    try (Stream<Path> s = Files.list(work)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (!n.endsWith(".c") && !n.endsWith(".h")) Files.delete(p);
      }
    }
  }

  /** The compiled classes as a runnable jar, as ./jwin runs jwin.jar. */
  private static void writeJar(Path jar) throws Exception {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    java.util.jar.Manifest m = new java.util.jar.Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.jwin.cli.Main");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m); Stream<Path> s = Files.walk(classes)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace(File.separatorChar, '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
    }
  }

  private static Path onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, exe);
      if (Files.isExecutable(p)) return p;
    }
    return null;
  }
}
