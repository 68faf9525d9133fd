package dev.jwin.cli;

import dev.jwin.cc.ClientRequest;
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
 * by the launcher, shared by concurrent clients (each request on a thread of its own from a pool, with the client's
 * working directory and environment passed to the drivers: nothing global), stopped after an idle time and as soon as
 * its jar changes.
 *
 * <p>Never required and never wrong: the launcher runs the command itself when there is no server or the server
 * does not answer in time, and the server declines ({@code R}) whatever it cannot run exactly as a cold process would (see
 * {@link #whyNot}); the client then runs it in-process.
 *
 * <p>Protocol, over a loopback TCP connection that bash opens with {@code /dev/tcp}: the request is NUL-terminated
 * fields: {@code jwin-server 2}, the token from the info file, the jar path, the verb ({@code run}, {@code status},
 * {@code stop}), the client's process id (its working directory and umask are read from {@code /proc}), the time it
 * sent the request and how long it waits for a word from the server (seconds), the argument count and the arguments,
 * the count of environment entries and the entries ({@code NAME=value}; a name alone: not set; a later entry wins).
 * The answer is NUL-terminated fields too: the exit code, standard output, standard error; or one letter when there
 * is nothing to show: {@code R} run it yourself, {@code B} bad token or another protocol, {@code S} the jar changed
 * (the server stops). Before it, any number of {@code H} (still at work: sent four times a second while the command
 * runs here). On a cache miss of a compile, first {@code X}, what the command printed so far (standard output, standard
 * error), and a file with clang's command line: the client runs clang and sends its exit code, and the answer follows
 * (see {@link #handOff}).
 */
public final class Server {
  static final String MAGIC = "jwin-server 2";
  /**
   * How often a busy request tells its client that it is still at work. The client gives up after a silence of
   * its timeout, a second at the least: beats a quarter of that apart arrive in time even when one is late.
   */
  private static final long HEARTBEAT_MILLIS = 250;
  /** Heartbeats between two flushes of the cache statistics (once a second). */
  private static final int BEATS_PER_FLUSH = 4;
  /** Arguments and names are bytes to the shell: decoded and encoded as the JVM does argv. */
  private static final Charset JNU = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
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
  private final AtomicLong commandFiles = new AtomicLong();
  private final long started = System.currentTimeMillis();
  private volatile boolean stopping;
  private ServerSocket socket;
  /** The requests being served, for heartbeats. */
  private final java.util.Set<Conn> conns = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Request threads, reused: a deep stack each, as for the CLI's links. */
  private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(null, r, "request", 64L << 20);
    t.setDaemon(true);
    return t;
  });

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
    ClientRequest.batchCacheStatistics(); // added each second (heartbeats), not per command
    Thread watch = Thread.ofPlatform().daemon().start(this::watch);
    Thread beat = Thread.ofPlatform().daemon().start(this::heartbeats);
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
        // Each request on a thread of its own, so make -j's clients run in parallel.
        pool.execute(() -> handle(s));
      }
    } finally {
      stop();
      watch.interrupt();
      beat.interrupt();
    }
    while (active.get() > 0) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        break;
      }
    }
    ClientRequest.flushCacheStatistics();
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

  /** Tells each client whose command still runs here that it does; then adds the cache statistics. */
  private void heartbeats() {
    for (int beat = 1; !stopping; beat++) {
      try {
        Thread.sleep(HEARTBEAT_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      for (Conn c : conns) if (c.working) c.heartbeat();
      if (beat % BEATS_PER_FLUSH == 0) ClientRequest.flushCacheStatistics();
    }
  }

  /**
   * One client's connection. Everything written to it goes through {@link #send}, so a heartbeat never cuts into
   * another answer; {@link #working} says the command runs here (not the client's clang).
   */
  private static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    volatile boolean working;
    private byte[] buf = new byte[256];

    /** What was read from the client and not yet taken: {@code input[next..end)}. */
    private final byte[] input = new byte[8192];
    private int next;
    private int end;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = new java.io.BufferedOutputStream(socket.getOutputStream());
    }

    private final java.util.concurrent.locks.ReentrantLock writing = new java.util.concurrent.locks.ReentrantLock();

    /** NUL-terminated fields, each a String (UTF-8) or bytes. */
    void send(Object... fields) throws IOException {
      writing.lock();
      try {
        for (Object f : fields) {
          out.write(f instanceof byte[] b ? b : ((String) f).getBytes(StandardCharsets.UTF_8));
          out.write(0);
        }
        out.flush();
      } finally {
        writing.unlock();
      }
    }

    /** An {@code H}, unless an answer is being written (a client slow to read it holds up no other client's beat). */
    void heartbeat() {
      if (!writing.tryLock()) return;
      try {
        if (working) send("H");
      } catch (IOException e) {
        working = false; // gone: its request ends at its next write
      } finally {
        writing.unlock();
      }
    }

    /** One NUL-terminated field. */
    String field() throws IOException {
      int n = 0; // bytes of the field kept in buf, when it spans reads
      while (true) {
        for (int i = next; i < end; i++) {
          if (input[i] != 0) continue;
          String f;
          if (n == 0) {
            f = new String(input, next, i - next, JNU);
          } else {
            keep(n, i);
            f = new String(buf, 0, n + i - next, JNU);
          }
          next = i + 1;
          return f;
        }
        n = keep(n, end);
        next = end = 0;
        int r = in.read(input);
        if (r < 0) throw new IOException("truncated request");
        end = r;
      }
    }

    /** Appends {@code input[next..to)} to the {@code n} bytes in buf; the new count. */
    private int keep(int n, int to) throws IOException {
      int add = to - next;
      if (n + add > MAX_FIELD) throw new IOException("field too long");
      if (n + add > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + add));
      System.arraycopy(input, next, buf, n, add);
      return n + add;
    }

    /** A count, then that many fields. */
    List<String> fields() throws IOException {
      int n = Integer.parseInt(field());
      if (n < 0 || n > 1 << 16) throw new IOException("bad count");
      List<String> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) list.add(field());
      return list;
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
    pool.shutdown();
  }

  private void handle(Socket s) {
    Conn c = null;
    try (s) {
      s.setSoTimeout(60_000);
      c = new Conn(s);
      if (!MAGIC.equals(c.field()) || !token.equals(c.field())) {
        c.send("B");
        return;
      }
      String clientJar = c.field();
      String verb = c.field();
      long pid = Long.parseLong(c.field());
      double waited = waited(c.field());
      double timeout = seconds(c.field());
      List<String> args = c.fields();
      int n = Integer.parseInt(c.field());
      if (n < 0 || n > 1 << 16) throw new IOException("bad count");
      Map<String, String> env = new java.util.HashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        String e = c.field();
        int eq = e.indexOf('=');
        if (eq > 0) env.put(e.substring(0, eq), e.substring(eq + 1)); // a later entry wins
        else if (eq < 0) env.remove(e); // a name alone: unset
      }
      if (!clientJar.equals(jar.toString()) || !jarUnchanged()) {
        c.send("S");
        if (!jarUnchanged()) stop();
        return;
      }
      switch (verb) {
        case "status" -> c.send("0", statusText(), "");
        case "stop" -> {
          c.send("0", "jwin server: stopped\n", "");
          stop();
        }
        case "run" -> {
          // A client that waited for long has run the command itself (the same process, so the same directory):
          // not again. Otherwise it learns at once that the command runs here.
          if (waited > timeout / 2) {
            c.send("R");
            return;
          }
          if (waited > 0.1) c.send("H");
          conns.add(c);
          c.working = true;
          run(c, cwd(pid), umask(pid), args, env);
        }
        default -> c.send("R");
      }
    } catch (IOException | RuntimeException e) {
      // a client that went away or sent garbage: it runs the command itself if it still wants it
    } finally {
      if (c != null) {
        c.working = false;
        conns.remove(c);
      }
      lastUsed.set(System.currentTimeMillis());
      active.decrementAndGet();
    }
  }

  private void run(Conn c, Path cwd, String clientUmask, List<String> args, Map<String, String> env)
      throws IOException {
    String why = whyNot(cwd, clientUmask, umask, args, env);
    if (why != null) {
      if (env.get("JWIN_SERVER_DEBUG") != null) c.send("0", "", "jwin server: declined: " + why + "\n");
      else c.send("R");
      return;
    }
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    int rc;
    try (PrintStream o = new PrintStream(outBytes, false, charset); PrintStream e = new PrintStream(errBytes, false,
        charset)) {
      ClientRequest request = ClientRequest.begin("in-process".equals(env.get("JWIN_SERVER_CLANG")) ? null
          : cmd -> handOff(c, cmd, o, outBytes, e, errBytes, env));
      try {
        rc = Main.run(args.toArray(String[]::new), o, e, env, cwd);
        served.incrementAndGet();
        byte[] ob = outBytes.toByteArray();
        byte[] eb = errBytes.toByteArray();
        // bash cannot hold a NUL byte, and text that is not ASCII would be encoded by another locale than the
        // client's: such output is the client's to make itself (the command's effects are the same).
        c.working = false;
        if (sendable(ob, eb, env)) c.send(Integer.toString(rc), ob, eb);
        else c.send("R");
      } finally {
        request.end(); // what was left for later: after the answer
      }
    }
  }

  /**
   * Has the client run a compile's clang ({@link ClientRequest}): the answer {@code X}, what the command printed so
   * far (standard output, standard error), and a file holding clang's command line (NUL-terminated arguments: bash
   * reads a file faster than a socket, which it reads byte by byte). The client prints, runs clang with standard input
   * closed and both of its outputs on its standard error (as clang's output is when it runs here), and answers with
   * clang's exit code; 126 or 127 (it could not run it) and clang runs here. The command then goes on as always.
   */
  private int handOff(Conn c, List<String> cmd, PrintStream o, ByteArrayOutputStream outBytes, PrintStream e,
      ByteArrayOutputStream errBytes, Map<String, String> env) throws IOException {
    o.flush();
    e.flush();
    byte[] pendingOut = outBytes.toByteArray();
    byte[] pendingErr = errBytes.toByteArray();
    if (!sendable(pendingOut, pendingErr, env) || !sameLocale(env) && !cmd.stream().allMatch(Server::ascii)) return -1;
    Path file = info.getParent().resolve("cmd-" + ProcessHandle.current().pid() + "-" + commandFiles.incrementAndGet());
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream(1024);
      for (String a : cmd) {
        if (a.indexOf('\0') >= 0) return -1;
        b.write(a.getBytes(JNU));
        b.write(0);
      }
      try {
        Files.write(file, b.toByteArray()); // in our own directory: only this user can write there
      } catch (IOException x) {
        return -1;
      }
      outBytes.reset();
      errBytes.reset();
      c.working = false;
      c.send("X", pendingOut, pendingErr, file.toString());
      c.socket.setSoTimeout(0); // clang takes as long as it takes; a client gone away ends the read
      String answer = c.field();
      c.socket.setSoTimeout(60_000);
      c.working = true;
      int rc;
      try {
        rc = Integer.parseInt(answer);
      } catch (NumberFormatException x) {
        throw new IOException("bad exit code from the client");
      }
      return rc == 126 || rc == 127 ? -1 : rc;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Seconds since {@code time} (seconds since the epoch, as bash's EPOCHREALTIME; 0 when it is not one). */
  static double waited(String time) {
    double t = seconds(time);
    return t > 0 ? Math.max(0, System.currentTimeMillis() / 1000.0 - t) : 0;
  }

  /** A number of seconds, with a decimal point or comma (bash writes the locale's); 0 when it is not one. */
  static double seconds(String s) {
    try {
      return Double.parseDouble(s.replace(',', '.'));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether output can go to the client as text: no NUL byte, and ASCII unless the client has our locale. */
  private static boolean sendable(byte[] o, byte[] e, Map<String, String> env) {
    return indexOfNul(o) < 0 && indexOfNul(e) < 0 && (ascii(o) && ascii(e) || sameLocale(env));
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
    // Java decodes arguments and file names and encodes its output by the locale: another one (configure's LC_ALL=C)
    // makes no difference as long as everything is ASCII (the output is checked after the command).
    if (!sameLocale(env) && !(ascii(cwd.toString()) && args.stream().allMatch(Server::ascii)
        && env.entrySet().stream().allMatch(e -> ascii(e.getKey()) && ascii(e.getValue())))) return "locale";
    if (clientUmask == null || !clientUmask.equals(serverUmask)) return "umask";
    // jwin's own runtime and compiler-rt are built (on first use) by clang runs that get the server's environment.
    boolean ownRuntime = "jwin".equals(env.get("JWIN_RUNTIME")) || args.stream().anyMatch(a -> a.startsWith("-rtlib=")
        || a.contains("aarch64") || a.contains("armv7") || a.contains("uefi") || a.equals("-ffreestanding"))
        || !Files.isRegularFile(Path.of("/usr/x86_64-w64-mingw32/lib/crt2.o"));
    if (ownRuntime) {
      for (String v : List.of("CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH", "SOURCE_DATE_EPOCH"))
        if (!java.util.Objects.equals(env.get(v), System.getenv(v))) return v + " with jwin's own runtime";
    }
    List<Path> client = toolsOn(env.get("PATH"));
    List<Path> own = toolsOn(System.getenv("PATH"));
    for (int i = 0; i < TOOLS.size(); i++)
      if (!java.util.Objects.equals(client.get(i), own.get(i))) return "PATH finds another " + TOOLS.get(i);
    return null;
  }

  /** Where a PATH found each of {@link #TOOLS} (null: nowhere), and when. */
  private record Found(long millis, List<Path> tools) {}

  private static final Map<String, Found> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

  /** Where {@code path} finds each of {@link #TOOLS}: looked up again after a second (a tool installed since). */
  private static List<Path> toolsOn(String path) {
    String key = path == null ? "\0" : path;
    long now = System.currentTimeMillis();
    Found f = FOUND.get(key);
    if (f == null || now - f.millis() > 1000) {
      List<Path> tools = new ArrayList<>();
      for (String tool : TOOLS) tools.add(onPath(tool, path));
      f = new Found(now, tools);
      if (FOUND.size() >= 64) FOUND.clear();
      FOUND.put(key, f);
    }
    return f.tools();
  }

  private static boolean sameLocale(Map<String, String> env) {
    return locale(env).equals(locale(System.getenv()));
  }

  private static boolean ascii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static boolean ascii(byte[] b) {
    for (byte x : b) if (x < 0) return false;
    return true;
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

  /** The umask of process {@code pid}, or null (see {@link dev.jwin.io.Umask#of}). */
  static String umask(long pid) {
    return dev.jwin.io.Umask.of(pid);
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

  /** One NUL-terminated field. Names and arguments are bytes to the shell: decoded as the JVM decodes argv. */
  private static String field(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != 0; ) {
      if (c < 0) throw new IOException("truncated request");
      if (b.size() >= MAX_FIELD) throw new IOException("field too long");
      b.write(c);
    }
    return b.toString(JNU);
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
      reply(o, MAGIC, f[1], jar.toString(), verb, "0", "0", "0", "0", "0");
      InputStream in = new BufferedInputStream(s.getInputStream());
      String code = field(in);
      while (code.equals("H")) code = field(in); // still at work
      if (!code.equals("0")) return code.equals("S") ? "jwin server: running an older jar (it stops now)\n" : null;
      return field(in);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
