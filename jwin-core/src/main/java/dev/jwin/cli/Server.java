package dev.jwin.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jwin server}: a warm JVM that runs {@code jwin cc}, {@code c++}, {@code ld} and {@code link} commands for
 * the launcher, which would otherwise start a JVM for each (configure runs hundreds of compiles). Started on demand
 * by the launcher, shared by concurrent clients (each request on its own thread, with the client's working directory
 * and environment passed to the drivers: nothing global), stopped after an idle time and as soon as its jar changes.
 *
 * <p>Never required and never wrong: the launcher runs the command itself when there is no server or the server
 * does not answer, and the server declines ({@code R}) whatever it cannot run exactly as a cold process would (see
 * {@link #whyNot}); the client then runs it in-process.
 *
 * <p>Protocol, over a loopback TCP connection that bash opens with {@code /dev/tcp}: the request is NUL-terminated
 * fields: {@code jwin-server 1}, the token from the info file, the jar path, the verb ({@code run}, {@code status},
 * {@code stop}), the client's process id (its working directory and umask are read from {@code /proc}), the argument
 * count and the arguments, the count of environment entries and the entries ({@code NAME=value}, every exported
 * variable). The answer is NUL-terminated
 * fields too: the exit code, standard output, standard error; or one letter when there is nothing to show:
 * {@code R} run it yourself, {@code B} bad token, {@code S} the jar changed (the server stops).
 */
public final class Server {
  static final String MAGIC = "jwin-server 1";
  private static final int MAX_FIELD = 16 << 20;
  private static final List<String> COMMANDS = List.of("cc", "c++", "ld", "link", "lld-link");
  /** Environment variables that name directories: a relative one would be resolved against the server's. */
  private static final List<String> PATH_VARIABLES = List.of("JWIN_CACHE_DIR", "XDG_CACHE_HOME", "JWIN_MINGW_PREFIX",
      "JWIN_MINGW_CRT_SRC", "JWIN_MINGW_SRC", "JWIN_LLVM_SRC", "JWIN_HOME");
  /** Programs the drivers start: Java finds them along its own PATH, so the client's must find the same ones. */
  private static final List<String> TOOLS = List.of("clang-14", "lld-link-14", "llvm-cvtres-14", "stat");

  private final Path jar;
  private final String jarStamp;
  private final Path info;
  /** The server's umask (Java cannot change it per request): clients must have the same. */
  private final String umask;
  private final long idleMillis;
  private final String token;
  private final Charset charset = Charset.forName(System.getProperty("native.encoding", "UTF-8"));
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong lastUsed = new AtomicLong(System.currentTimeMillis());
  private final AtomicLong served = new AtomicLong();
  private final long started = System.currentTimeMillis();
  private volatile boolean stopping;
  private ServerSocket socket;

  private Server(Path jar, Path info, long idleMillis) throws IOException {
    this.jar = jar;
    this.jarStamp = stamp(jar);
    this.info = info;
    this.umask = umask(ProcessHandle.current().pid());
    this.idleMillis = idleMillis;
    byte[] t = new byte[24];
    new SecureRandom().nextBytes(t);
    this.token = HexFormat.of().formatHex(t);
  }

  /** {@code jwin server --serve|--status|--stop [--info FILE] [--idle SECONDS]}. */
  static int main(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    String mode = null;
    String infoFile = null;
    long idle = 3 * 3600;
    try {
      String v = env.get("JWIN_SERVER_IDLE");
      if (v != null && !v.isEmpty()) idle = Long.parseLong(v);
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--serve", "--status", "--stop" -> mode = args[i].substring(2);
          case "--info" -> infoFile = args[++i];
          case "--idle" -> idle = Long.parseLong(args[++i]);
          default -> throw new IllegalArgumentException(args[i]);
        }
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      err.println("usage: jwin server --status | --stop | --serve [--idle SECONDS]   (the launcher: --start)");
      return 1;
    }
    Path jar = jarPath();
    if (jar == null) {
      err.println("jwin: error: jwin server runs from jwin.jar only");
      return 1;
    }
    Path file = infoFile != null ? Path.of(infoFile) : defaultInfo(env, jar);
    if (mode == null || mode.equals("status")) return status(file, jar, out);
    if (mode.equals("stop")) return stop(file, jar, out);
    try {
      new Server(jar, file, idle * 1000).serve();
      return 0;
    } catch (IOException e) {
      err.println("jwin: error: server: " + e.getMessage());
      return 1;
    }
  }

  /** Where the launcher looks for the server of {@code jar}: the same rule as ./jwin's. */
  static Path defaultInfo(Map<String, String> env, Path jar) {
    String dir = env.get("JWIN_SERVER_DIR");
    if (dir == null || dir.isEmpty()) {
      String base = env.getOrDefault("XDG_RUNTIME_DIR", "");
      int uid;
      try {
        uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      } catch (IOException | UnsupportedOperationException e) {
        uid = -1;
      }
      dir = (base.isEmpty() ? "/tmp" : base) + "/jwin-server-" + uid;
    }
    return Path.of(dir, jar.toString().replace('/', '_'));
  }

  private static Path jarPath() {
    try {
      Path p = Path.of(Server.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? p : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Size, time and inode: a rebuilt jar has another. */
  static String stamp(Path jar) throws IOException {
    BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
    return a.size() + " " + a.lastModifiedTime().toMillis() + " " + a.fileKey();
  }

  private void serve() throws IOException {
    // The launcher starts us in a directory made for the purpose: removed, so that a path resolved against the
    // server's own directory by mistake fails instead of naming a file of some other directory.
    try {
      Files.deleteIfExists(Path.of("").toAbsolutePath());
    } catch (IOException e) {
      // not empty or not ours: left alone
    }
    socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Path dir = info.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "info", ".tmp", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, socket.getLocalPort() + " " + token + " " + ProcessHandle.current().pid() + "\n");
    Files.move(tmp, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(Path.of(info + ".lock")); // the launcher's: "a server is starting"
    Thread watch = Thread.ofPlatform().daemon().start(this::watch);
    try {
      while (!stopping) {
        Socket s;
        try {
          s = socket.accept();
        } catch (SocketException e) {
          break; // closed by stop()
        }
        active.incrementAndGet();
        lastUsed.set(System.currentTimeMillis());
        // A deep stack, as for the CLI's links; each request on its own thread, so make -j's clients run in parallel.
        new Thread(null, () -> handle(s), "request", 64L << 20).start();
      }
    } finally {
      stop();
      watch.interrupt();
    }
    while (active.get() > 0) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** Stops when idle for long, when the jar changes, or when the info file no longer names this server. */
  private void watch() {
    while (!stopping) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        return;
      }
      boolean idle = active.get() == 0 && System.currentTimeMillis() - lastUsed.get() > idleMillis;
      if (idle || !jarUnchanged() || !infoIsOurs()) stop();
    }
  }

  private boolean jarUnchanged() {
    try {
      return stamp(jar).equals(jarStamp);
    } catch (IOException e) {
      return false;
    }
  }

  private boolean infoIsOurs() {
    try {
      return Files.readString(info).startsWith(socket.getLocalPort() + " " + token + " ");
    } catch (IOException e) {
      return false;
    }
  }

  private synchronized void stop() {
    if (stopping) return;
    stopping = true;
    if (infoIsOurs()) {
      try {
        Files.deleteIfExists(info);
      } catch (IOException e) {
        // the next client finds no server listening and starts another
      }
    }
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void handle(Socket s) {
    try (s) {
      s.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      if (!MAGIC.equals(field(in)) || !token.equals(field(in))) {
        reply(out, "B");
        return;
      }
      String clientJar = field(in);
      String verb = field(in);
      long pid = Long.parseLong(field(in));
      List<String> args = fields(in);
      Map<String, String> env = new LinkedHashMap<>();
      for (String e : fields(in)) {
        int eq = e.indexOf('=');
        if (eq > 0) env.put(e.substring(0, eq), e.substring(eq + 1));
      }
      if (!clientJar.equals(jar.toString()) || !jarUnchanged()) {
        reply(out, "S");
        if (!jarUnchanged()) stop();
        return;
      }
      switch (verb) {
        case "status" -> reply(out, "0", statusText(), "");
        case "stop" -> {
          reply(out, "0", "jwin server: stopped\n", "");
          stop();
        }
        case "run" -> run(out, cwd(pid), umask(pid), args, env);
        default -> reply(out, "R");
      }
    } catch (IOException | RuntimeException e) {
      // a client that went away or sent garbage: it runs the command itself if it still wants it
    } finally {
      lastUsed.set(System.currentTimeMillis());
      active.decrementAndGet();
    }
  }

  private void run(OutputStream socketOut, Path cwd, String clientUmask, List<String> args,
      Map<String, String> env) throws IOException {
    String why = whyNot(cwd, clientUmask, umask, args, env);
    if (why != null) {
      if (env.get("JWIN_SERVER_DEBUG") != null) reply(socketOut, "0", "", "jwin server: declined: " + why + "\n");
      else reply(socketOut, "R");
      return;
    }
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int rc;
    try (PrintStream o = new PrintStream(outBytes, false, charset); PrintStream e = new PrintStream(errBytes, false,
        charset)) {
      rc = Main.run(args.toArray(String[]::new), o, e, env, cwd);
    }
    served.incrementAndGet();
    byte[] o = outBytes.toByteArray();
    byte[] e = errBytes.toByteArray();
    // bash cannot hold a NUL byte: such output is the client's to make itself (the command's effects are the same).
    if (indexOfNul(o) >= 0 || indexOfNul(e) >= 0) {
      reply(socketOut, "R");
      return;
    }
    socketOut.write((rc + "\0").getBytes(StandardCharsets.US_ASCII));
    socketOut.write(o);
    socketOut.write(0);
    socketOut.write(e);
    socketOut.write(0);
    socketOut.flush();
  }

  /**
   * Why the server cannot run this command exactly as a process started in the client's place would, or null:
   * commands other than compiles and links, standard input or output as a file ({@code -}), resource scripts (their
   * preprocessor runs in the server's directory), a relative directory in the environment, another umask, locale or
   * set of tools along PATH than the server's own.
   */
  static String whyNot(Path cwd, String clientUmask, String serverUmask, List<String> args, Map<String, String> env) {
    if (cwd == null) return "working directory";
    if (args.isEmpty() || !COMMANDS.contains(args.getFirst())) return "command";
    if (args.size() > 1 && args.getFirst().contains("link")
        && (args.get(1).equalsIgnoreCase("/lib") || args.get(1).equalsIgnoreCase("-lib"))) return "command";
    for (String a : args) {
      if (a.equals("-") || a.toLowerCase(java.util.Locale.ROOT).endsWith(".rc")) return "argument " + a;
    }
    for (String v : PATH_VARIABLES) {
      String d = env.get(v);
      if (d != null && !d.isEmpty() && !d.startsWith("/")) return v;
    }
    if (!locale(env).equals(locale(System.getenv()))) return "locale";
    if (clientUmask == null || !clientUmask.equals(serverUmask)) return "umask";
    for (String tool : TOOLS) {
      if (!java.util.Objects.equals(onPath(tool, env.get("PATH")), onPath(tool, System.getenv("PATH"))))
        return "PATH finds another " + tool;
    }
    return null;
  }

  private static String locale(Map<String, String> env) {
    for (String v : List.of("LC_ALL", "LC_CTYPE", "LANG")) {
      String l = env.get(v);
      if (l != null && !l.isEmpty()) return l;
    }
    return "";
  }

  private static Path onPath(String exe, String path) {
    if (path == null) return null;
    for (String dir : path.split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, exe);
      if (!dir.isEmpty() && Files.isExecutable(p)) return p;
    }
    return null;
  }

  /** The working directory of process {@code pid} (a client's, on this machine, of this user), or null. */
  static Path cwd(long pid) {
    try {
      Path p = Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd"));
      return p.isAbsolute() && Files.isDirectory(p) ? p : null; // "/dir (deleted)" is not a directory
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The umask of process {@code pid} (the Umask line of /proc/PID/status), or null. */
  static String umask(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        if (line.startsWith("Umask:")) return line.substring(6).strip();
    } catch (IOException | RuntimeException e) {
      // no such process, or no /proc: no umask, and the client runs the command itself
    }
    return null;
  }

  private String statusText() {
    return "jwin server: running (pid " + ProcessHandle.current().pid() + ", port " + socket.getLocalPort() + ", "
        + served.get() + " commands in " + (System.currentTimeMillis() - started) / 1000 + " s, idle timeout "
        + idleMillis / 1000 + " s, " + jar + ")\n";
  }

  private static int indexOfNul(byte[] b) {
    for (int i = 0; i < b.length; i++) if (b[i] == 0) return i;
    return -1;
  }

  private static void reply(OutputStream out, String... fields) throws IOException {
    for (String f : fields) {
      out.write(f.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    out.flush();
  }

  /** A count, then that many fields. */
  private static List<String> fields(InputStream in) throws IOException {
    int n = Integer.parseInt(field(in));
    if (n < 0 || n > 1 << 16) throw new IOException("bad count");
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) list.add(field(in));
    return list;
  }

  /** One NUL-terminated field. Names and arguments are bytes to the shell: decoded as the JVM decodes argv. */
  private static String field(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != 0; ) {
      if (c < 0) throw new IOException("truncated request");
      if (b.size() >= MAX_FIELD) throw new IOException("field too long");
      b.write(c);
    }
    return b.toString(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")));
  }

  // ---- client side: --status and --stop

  private static int status(Path file, Path jar, PrintStream out) {
    String answer = ask(file, jar, "status");
    out.print(answer != null ? answer : "jwin server: not running\n");
    return answer != null ? 0 : 1;
  }

  private static int stop(Path file, Path jar, PrintStream out) {
    String answer = ask(file, jar, "stop");
    out.print(answer != null ? answer : "jwin server: not running\n");
    return 0;
  }

  /** Sends {@code verb} to the server named by the info file; its standard output, or null without an answer. */
  private static String ask(Path file, Path jar, String verb) {
    String[] f;
    try {
      f = Files.readString(file).strip().split(" ");
    } catch (IOException e) {
      return null;
    }
    if (f.length < 2) return null;
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(f[0]))) {
      s.setSoTimeout(10_000);
      OutputStream o = s.getOutputStream();
      reply(o, MAGIC, f[1], jar.toString(), verb, "0", "0", "0");
      InputStream in = new BufferedInputStream(s.getInputStream());
      String code = field(in);
      if (!code.equals("0")) return code.equals("S") ? "jwin server: running an older jar (it stops now)\n" : null;
      return field(in);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
