package dev.jwin.cache;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A remote cache over HTTP: GET, HEAD and PUT on one of three layouts. {@code bazel} (bazel-remote, Bazel's
 * HTTP cache protocol): records under {@code /ac/<key>}, blobs under {@code /cas/<sha256>}. {@code flat} (a
 * WebDAV directory such as nginx's dav module or Apache mod_dav, a Gradle-style cache node): {@code /<key>} and
 * {@code /<sha256>.cas}. {@code subdirs} (ccache's layout for large directories): {@code /ab/cdef...} and
 * {@code /ab/cdef....cas}. One {@link HttpClient} keeps connections open between requests and follows redirects.
 */
final class HttpStore implements RemoteStore {
  enum Layout { BAZEL, FLAT, SUBDIRS }

  /** Bytes per second a transfer must at least reach: a large blob gets this much more time than a small one. */
  private static final long MIN_RATE = 1 << 20;

  private final String base;
  private final Layout layout;
  private final String authorization;
  private final Duration timeout;
  private HttpClient client;

  /** {@code base} without credentials and without a trailing slash; {@code authorization} may be null. */
  HttpStore(String base, Layout layout, String authorization, Duration timeout) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.layout = layout;
    this.authorization = authorization;
    this.timeout = timeout;
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(timeout).build();
    }
    return client;
  }

  URI recordUri(String key) {
    return URI.create(base + switch (layout) {
      case BAZEL -> "/ac/" + key;
      case FLAT -> "/" + key;
      case SUBDIRS -> "/" + key.substring(0, 2) + "/" + key.substring(2);
    });
  }

  URI blobUri(String sha256) {
    return URI.create(base + switch (layout) {
      case BAZEL -> "/cas/" + sha256;
      case FLAT -> "/" + sha256 + ".cas";
      case SUBDIRS -> "/" + sha256.substring(0, 2) + "/" + sha256.substring(2) + ".cas";
    });
  }

  private HttpRequest.Builder request(URI uri, long size) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(deadline(size));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private Duration deadline(long size) {
    return timeout.plusSeconds(size / MIN_RATE);
  }

  @Override
  public byte[] getRecord(String key) throws IOException {
    URI uri = recordUri(key);
    HttpResponse<byte[]> r = send(request(uri, 0).GET().build(), info -> info.statusCode() == 200
        ? HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), MAX_RECORD).apply(info)
        : HttpResponse.BodySubscribers.replacing(null), 0);
    return found(r, "GET", uri) ? r.body() : null;
  }

  @Override
  public void putRecord(String key, byte[] record) throws IOException {
    URI uri = recordUri(key);
    stored(send(request(uri, record.length).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(record)).build(), HttpResponse.BodyHandlers.discarding(),
        record.length), uri);
  }

  @Override
  public boolean hasBlob(String sha256) throws IOException {
    URI uri = blobUri(sha256);
    return found(send(request(uri, 0).HEAD().build(), HttpResponse.BodyHandlers.discarding(), 0), "HEAD", uri);
  }

  @Override
  public boolean getBlob(String sha256, long size, Path dest) throws IOException {
    URI uri = blobUri(sha256);
    HttpResponse<Path> r;
    try {
      r = send(request(uri, size).GET().build(), info -> info.statusCode() == 200
          ? HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofFile(dest), size).apply(info)
          : HttpResponse.BodySubscribers.replacing(null), size);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("exceeds")) { // the limit: longer than the record says
        throw new Corrupt("the content served for " + sha256 + " is longer than " + size + " bytes");
      }
      throw e;
    }
    return found(r, "GET", uri);
  }

  @Override
  public void putBlob(String sha256, Path file, long size) throws IOException {
    URI uri = blobUri(sha256);
    stored(send(request(uri, size).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.discarding(), size), uri);
  }

  /** 200: there; 404 or 410: not there; anything else: the server is failing. */
  private static boolean found(HttpResponse<?> r, String method, URI uri) throws IOException {
    int s = r.statusCode();
    if (s == 200) {
      return true;
    }
    if (s == 404 || s == 410) {
      return false;
    }
    throw new IOException("HTTP " + s + " for " + method + " " + uri.getPath());
  }

  private static void stored(HttpResponse<?> r, URI uri) throws IOException {
    int s = r.statusCode();
    if (s == 413) {
      throw new Rejected("HTTP 413 (too large) for PUT " + uri.getPath());
    }
    if (s < 200 || s > 299) {
      throw new IOException("HTTP " + s + " for PUT " + uri.getPath());
    }
  }

  /**
   * Sends and waits for the whole answer, body included, at most the deadline: the request's own timeout
   * covers only the wait for the response headers, and a server may stall in the middle of a body.
   */
  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, long size)
      throws IOException {
    CompletableFuture<HttpResponse<T>> f = client().sendAsync(req, handler);
    try {
      return f.get(deadline(size).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw timedOut(size);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof HttpTimeoutException) {
        throw timedOut(size);
      }
      if (c instanceof IOException io) {
        throw io.getMessage() == null ? new IOException(io.getClass().getSimpleName(), io) : io;
      }
      throw new IOException(String.valueOf(c), c);
    }
  }

  private HttpTimeoutException timedOut(long size) {
    return new HttpTimeoutException("no answer within " + deadline(size).toSeconds() + " s");
  }

  @Override
  public String describe() {
    return base;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.shutdownNow();
    }
  }
}
