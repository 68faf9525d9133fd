package dev.jwin.cache;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A remote cache in Redis: records under {@code <prefix>ac:<key>}, blobs under {@code <prefix>cas:<sha256>},
 * written with SET (and EX when a TTL is set), read with GET. The five commands needed (AUTH, SELECT, GET, SET,
 * EXISTS) are spoken in RESP by hand over a plain or TLS socket, which keeps a client library out of jwin and lets
 * blobs stream between the socket and a file. Idle connections are kept for the next request.
 */
final class RedisStore implements RemoteStore {
  private final String host;
  private final int port;
  private final boolean tls;
  private final int db;
  private final String prefix;
  private final long ttlSeconds;
  private final String user;
  private final String password;
  private final int timeoutMillis;
  private final ArrayDeque<Conn> idle = new ArrayDeque<>();

  RedisStore(String host, int port, boolean tls, int db, String prefix, long ttlSeconds, String user,
      String password, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.db = db;
    this.prefix = prefix;
    this.ttlSeconds = ttlSeconds;
    this.user = user;
    this.password = password;
    this.timeoutMillis = timeoutMillis;
  }

  /** One connection: its socket and buffered streams. */
  private record Conn(Socket socket, InputStream in, OutputStream out) {}

  /** Runs one request on a connection; the connection is reused only when the request completed. */
  @FunctionalInterface
  private interface Request<T> {
    T run(Conn c) throws IOException;
  }

  private <T> T call(Request<T> r) throws IOException {
    Conn c;
    synchronized (idle) {
      c = idle.poll();
    }
    if (c == null) {
      try {
        c = connect();
      } catch (java.net.SocketTimeoutException e) {
        throw new java.net.SocketTimeoutException("no answer within " + timeoutMillis / 1000.0 + " s");
      }
    }
    try {
      T result = r.run(c);
      synchronized (idle) {
        idle.push(c);
      }
      return result;
    } catch (java.net.SocketTimeoutException e) {
      closeQuietly(c);
      throw new java.net.SocketTimeoutException("no answer within " + timeoutMillis / 1000.0 + " s");
    } catch (IOException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private Conn connect() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      if (tls) {
        // Layered on the connected socket (so the connect has a timeout), with SNI and the host name checked.
        SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(s, host, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        s = ssl;
      }
      s.setSoTimeout(timeoutMillis);
      s.setTcpNoDelay(true);
      Conn c = new Conn(s, new BufferedInputStream(s.getInputStream(), 1 << 16),
          new BufferedOutputStream(s.getOutputStream(), 1 << 16));
      if (password != null) {
        command(c, user == null ? List.of("AUTH", password) : List.of("AUTH", user, password));
        simple(c);
      }
      if (db != 0) {
        command(c, List.of("SELECT", Integer.toString(db)));
        simple(c);
      }
      return c;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  @Override
  public byte[] getRecord(String key) throws IOException {
    return call(c -> {
      command(c, List.of("GET", prefix + "ac:" + key));
      long n = bulkLength(c);
      if (n < 0) {
        return null;
      }
      if (n > MAX_RECORD) {
        throw new IOException("record of " + n + " bytes for " + key);
      }
      byte[] b = c.in().readNBytes((int) n);
      if (b.length != n) {
        throw new EOFException("connection closed");
      }
      crlf(c);
      return b;
    });
  }

  @Override
  public void putRecord(String key, byte[] record) throws IOException {
    set(prefix + "ac:" + key, record.length, out -> out.write(record));
  }

  @Override
  public boolean hasBlob(String sha256) throws IOException {
    return call(c -> {
      command(c, List.of("EXISTS", prefix + "cas:" + sha256));
      return integer(c) > 0;
    });
  }

  @Override
  public boolean getBlob(String sha256, long size, Path dest) throws IOException {
    return call(c -> {
      command(c, List.of("GET", prefix + "cas:" + sha256));
      long n = bulkLength(c);
      if (n < 0) {
        return false;
      }
      if (n != size) {
        // Not the content the record promised; draining it would cost as much as using it.
        throw new Corrupt("the content served for " + sha256 + " has " + n + " bytes, not " + size);
      }
      try (OutputStream out = Files.newOutputStream(dest)) {
        byte[] buf = new byte[1 << 16];
        for (long left = n; left > 0; ) {
          int k = c.in().read(buf, 0, (int) Math.min(buf.length, left));
          if (k < 0) {
            throw new EOFException("connection closed");
          }
          out.write(buf, 0, k);
          left -= k;
        }
      }
      crlf(c);
      return true;
    });
  }

  @Override
  public void putBlob(String sha256, Path file, long size) throws IOException {
    set(prefix + "cas:" + sha256, size, out -> {
      try (InputStream in = Files.newInputStream(file)) {
        if (in.transferTo(out) != size) {
          throw new IOException(file + " changed while it was sent");
        }
      }
    });
  }

  @FunctionalInterface
  private interface Body {
    void write(OutputStream out) throws IOException;
  }

  /** SET key value [EX ttl], the value streamed. */
  private void set(String key, long size, Body body) throws IOException {
    call(c -> {
      List<String> tail = ttlSeconds > 0 ? List.of("EX", Long.toString(ttlSeconds)) : List.of();
      OutputStream out = c.out();
      header(out, '*', 3 + tail.size());
      bulk(out, "SET");
      bulk(out, key);
      header(out, '$', size);
      body.write(out);
      out.write('\r');
      out.write('\n');
      for (String t : tail) {
        bulk(out, t);
      }
      out.flush();
      simple(c);
      return null;
    });
  }

  private static void command(Conn c, List<String> args) throws IOException {
    header(c.out(), '*', args.size());
    for (String a : args) {
      bulk(c.out(), a);
    }
    c.out().flush();
  }

  private static void header(OutputStream out, char type, long n) throws IOException {
    out.write((type + Long.toString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static void bulk(OutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    header(out, '$', b.length);
    out.write(b);
    out.write('\r');
    out.write('\n');
  }

  /** Reads one reply line (type byte included) without its CRLF. */
  private static String line(Conn c) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int x; (x = c.in().read()) != '\n'; ) {
      if (x < 0) {
        throw new EOFException("connection closed");
      }
      if (b.size() > 4096) {
        throw new IOException("not a Redis reply");
      }
      b.write(x);
    }
    String s = b.toString(StandardCharsets.UTF_8);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static String reply(Conn c, char expected) throws IOException {
    String l = line(c);
    if (l.startsWith("-")) {
      throw new IOException("Redis: " + l.substring(1));
    }
    if (l.isEmpty() || l.charAt(0) != expected) {
      throw new IOException("unexpected Redis reply: " + l);
    }
    return l.substring(1);
  }

  private static void simple(Conn c) throws IOException {
    reply(c, '+');
  }

  private static long integer(Conn c) throws IOException {
    return number(reply(c, ':'));
  }

  /** A bulk reply's length; -1 for nil. */
  private static long bulkLength(Conn c) throws IOException {
    return number(reply(c, '$'));
  }

  private static long number(String s) throws IOException {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IOException("unexpected Redis reply: " + s);
    }
  }

  private static void crlf(Conn c) throws IOException {
    if (c.in().read() != '\r' || c.in().read() != '\n') {
      throw new IOException("malformed Redis reply");
    }
  }

  @Override
  public String describe() {
    return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + db;
  }

  @Override
  public void close() {
    List<Conn> all;
    synchronized (idle) {
      all = new ArrayList<>(idle);
      idle.clear();
    }
    all.forEach(RedisStore::closeQuietly);
  }

  private static void closeQuietly(Conn c) {
    try {
      c.socket().close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
