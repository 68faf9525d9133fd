package dev.jwin.link;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * /reproduce and /linkrepro: a tar holding every input of the link and {@code response.txt}, a
 * response file that re-runs the same link from inside the extracted directory. Laid out as lld-link
 * does: everything under a directory named after the tar, inputs at their absolute paths below it.
 */
final class Repro {
  private Repro() {}

  static void write(LinkContext ctx) {
    Config c = ctx.config;
    Path tar = ctx.file(c.reproduce).toAbsolutePath();
    String root = tar.getFileName().toString();
    if (root.endsWith(".tar")) root = root.substring(0, root.length() - 4);
    Map<String, Path> files = new LinkedHashMap<>();
    StringBuilder rsp = new StringBuilder();
    for (String a : c.arguments) rsp.append(rewrite(a, c, files, ctx.cwd)).append('\n');
    for (Path p : ctx.filesRead) files.putIfAbsent(inTar(p), ctx.cwd.resolve(p));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      entry(out, root + "/response.txt", rsp.toString().getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, Path> f : files.entrySet()) {
        if (Files.isRegularFile(f.getValue())) entry(out, root + "/" + f.getKey(), Files.readAllBytes(f.getValue()));
      }
      out.write(new byte[1024]); // two zero blocks end the archive
      dev.jwin.io.AtomicFile.write(tar, out.toByteArray(), false);
    } catch (IOException e) {
      ctx.diag.error("cannot write " + c.reproduce + ": " + Options.ioReason(e));
    }
  }

  /** One argument of the response file: inputs and directories point into the tar, outputs lose their directory. */
  private static String rewrite(String a, Config c, Map<String, Path> files, Path cwd) {
    if (!Options.isOption(a, cwd)) {
      Path p = Paths.findFile(a, c.libPaths, cwd);
      if (p == null) return quote(a);
      p = cwd.resolve(p);
      files.put(inTar(p), p);
      return quote(inTar(p));
    }
    int colon = a.indexOf(':');
    String name = (colon < 0 ? a.substring(1) : a.substring(1, colon)).toLowerCase(Locale.ROOT);
    String value = colon < 0 ? null : a.substring(colon + 1);
    if (value == null || value.isEmpty()) return quote(a);
    String option = a.substring(0, colon + 1);
    return switch (name) {
      case "reproduce", "linkrepro" -> "";
      case "out", "implib", "map", "lldmap", "pdb" -> option + quote(Path.of(value).getFileName().toString());
      case "libpath" -> option + quote(inTar(cwd.resolve(value)));
      case "def", "order" -> {
        Path p = cwd.resolve(value.startsWith("@") ? value.substring(1) : value);
        files.put(inTar(p), p);
        yield option + quote((value.startsWith("@") ? "@" : "") + inTar(p));
      }
      default -> quote(a);
    };
  }

  /** Where a file goes in the tar (below its root directory): its absolute path without the leading '/'. */
  private static String inTar(Path p) {
    String s = p.toAbsolutePath().normalize().toString().replace('\\', '/');
    while (s.startsWith("/")) s = s.substring(1);
    return s.isEmpty() ? "." : s;
  }

  private static String quote(String s) {
    return s.isEmpty() || s.chars().anyMatch(ch -> ch == ' ' || ch == '\t') ? "\"" + s + "\"" : s;
  }

  /** A ustar entry; names too long for its 100-byte field go in a PAX "path" record first. */
  private static void entry(ByteArrayOutputStream out, String name, byte[] data) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    if (n.length > 100) {
      String body = " path=" + name + "\n";
      int len = body.getBytes(StandardCharsets.UTF_8).length;
      int total = len + Integer.toString(len).length();
      if (Integer.toString(total).length() != Integer.toString(len).length()) total++;
      byte[] pax = (total + body).getBytes(StandardCharsets.UTF_8);
      out.write(header("PaxHeader", pax.length, 'x'));
      out.write(pax);
      out.write(new byte[pad(pax.length)]);
      n = ("long" + Integer.toHexString(name.hashCode())).getBytes(StandardCharsets.US_ASCII);
    }
    out.write(header(new String(n, StandardCharsets.UTF_8), data.length, '0'));
    out.write(data);
    out.write(new byte[pad(data.length)]);
  }

  private static int pad(int n) {
    return (512 - n % 512) % 512;
  }

  private static byte[] header(String name, long size, char type) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0); // mtime 0: the same inputs give the same tar
    h[156] = (byte) type;
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    for (int i = 148; i < 156; i++) h[i] = ' ';
    long sum = 0;
    for (byte b : h) sum += b & 0xff;
    octal(h, 148, 7, sum);
    return h;
  }

  /** {@code width - 1} octal digits and a NUL. */
  private static void octal(byte[] h, int off, int width, long v) {
    String s = Long.toOctalString(v);
    s = "0".repeat(Math.max(0, width - 1 - s.length())) + s;
    System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, width - 1);
    h[off + width - 1] = 0;
  }
}
