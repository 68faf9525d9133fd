package dev.jwin.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cache servers for the remote cache tests, on free loopback ports: nginx (WebDAV PUT through its dav module,
 * configured by a file written into a temporary directory, in the foreground) and redis-server, both from the
 * Debian packages scripts/setup installs; and two misbehaving servers no real one imitates on demand (one that
 * never answers, one that dies in the middle of an upload). Closing stops them all.
 */
public final class RemoteServers implements AutoCloseable {
  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<AutoCloseable> others = new ArrayList<>();

  public RemoteServers(Path dir) {
    this.dir = dir;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** An nginx server: {@code root} is served and written by PUT; {@code extra} goes into the server block. */
  public record Nginx(int port, Path root, Path accessLog, Process process) {
    public String url() {
      return "http://127.0.0.1:" + port;
    }

    /** The requests nginx logged with this method. */
    public long count(String method) throws IOException {
      return Files.readAllLines(accessLog).stream().filter(l -> l.contains("\"" + method + " ")).count();
    }
  }

  public Nginx nginx(String name, String extra) throws IOException, InterruptedException {
    requireTools("nginx");
    Path d = Files.createDirectories(dir.resolve(name));
    Path root = Files.createDirectories(d.resolve("root"));
    Path tmp = Files.createDirectories(d.resolve("tmp"));
    int port = freePort();
    String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d.resolve("nginx.pid") + ";\n"
        + "error_log " + d.resolve("error.log") + ";\nevents { worker_connections 256; }\nhttp {\n"
        + "  access_log " + d.resolve("access.log") + ";\n  client_max_body_size 0;\n"
        + "  client_body_temp_path " + tmp + ";\n  proxy_temp_path " + tmp + ";\n  fastcgi_temp_path " + tmp + ";\n"
        + "  uwsgi_temp_path " + tmp + ";\n  scgi_temp_path " + tmp + ";\n"
        + "  server {\n    listen 127.0.0.1:" + port + ";\n    root " + root + ";\n"
        + "    dav_methods PUT;\n    create_full_put_path on;\n    dav_access user:rw;\n" + extra + "\n  }\n}\n";
    Files.writeString(d.resolve("nginx.conf"), conf);
    Process p = new ProcessBuilder("nginx", "-p", d.toString(), "-c", d.resolve("nginx.conf").toString(), "-e",
        d.resolve("error.log").toString()).redirectErrorStream(true).redirectOutput(d.resolve("out.log").toFile())
        .start();
    processes.add(p);
    awaitPort(port, p, d.resolve("out.log"));
    return new Nginx(port, root, d.resolve("access.log"), p);
  }

  public record Redis(int port, Process process) {
    public String url(int db) {
      return "redis://127.0.0.1:" + port + "/" + db;
    }

    /** Runs redis-cli against this server and returns its output. */
    public String cli(String... args) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
      cmd.addAll(List.of(args));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("redis-cli: " + out);
      return out;
    }
  }

  public Redis redis() throws IOException, InterruptedException {
    requireTools("redis-server", "redis-cli");
    Path d = Files.createDirectories(dir.resolve("redis"));
    int port = freePort();
    Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", d.toString()).redirectErrorStream(true)
        .redirectOutput(d.resolve("out.log").toFile()).start();
    processes.add(p);
    awaitPort(port, p, d.resolve("out.log"));
    return new Redis(port, p);
  }

  /** A server that accepts connections and never answers: every request times out. */
  public int silent() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> held = new ArrayList<>();
    others.add(s);
    others.add(() -> held.forEach(RemoteServers::closeQuietly));
    Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          Socket c = s.accept();
          synchronized (held) {
            held.add(c);
          }
        }
      } catch (IOException e) {
        // closed
      }
    });
    return s.getLocalPort();
  }

  /**
   * An HTTP cache that has nothing (404 to GET and HEAD) and dies while the first upload is under way: it reads the
   * request line, headers and a few bytes of the body, then closes that connection and stops listening.
   */
  public int diesDuringUpload() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    others.add(s);
    Thread.ofVirtual().start(() -> {
      try {
        while (!s.isClosed()) {
          Socket c = s.accept();
          Thread.ofVirtual().start(() -> serveUntilPut(c, s));
        }
      } catch (IOException e) {
        // closed
      }
    });
    return s.getLocalPort();
  }

  private static void serveUntilPut(Socket c, ServerSocket server) {
    try (c) {
      InputStream in = c.getInputStream();
      OutputStream out = c.getOutputStream();
      while (true) {
        String request = readLine(in);
        if (request == null) return;
        long length = 0;
        for (String h; (h = readLine(in)) != null && !h.isEmpty(); )
          if (h.toLowerCase().startsWith("content-length:")) length = Long.parseLong(h.substring(15).strip());
        if (request.startsWith("PUT ")) {
          in.readNBytes((int) Math.min(length / 2, 16));
          server.close(); // killed: nothing listens any more
          return;
        }
        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int x; (x = in.read()) != '\n'; ) {
      if (x < 0) return b.isEmpty() ? null : b.toString();
      if (x != '\r') b.append((char) x);
    }
    return b.toString();
  }

  /** Fails (never skips) when a server is not installed. */
  private static void requireTools(String... tools) {
    for (String t : tools) {
      boolean found = false;
      for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
        found |= !d.isEmpty() && Files.isExecutable(Path.of(d, t));
      if (!found) throw new AssertionError("this test needs " + t + " on PATH; run scripts/setup");
    }
  }

  private static void awaitPort(int port, Process p, Path log) throws IOException, InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        if (!p.isAlive()) break;
        Thread.sleep(25);
      }
    }
    throw new AssertionError("server on port " + port + " did not start: " + Files.readString(log));
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // stopping
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    others.forEach(RemoteServers::closeQuietly);
  }
}
