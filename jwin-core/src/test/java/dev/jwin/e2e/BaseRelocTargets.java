package dev.jwin.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Explains a difference in base relocations: reads a PE image and counts its DIR64 base
 * relocations by the section of the relocated pointer and the section its value points into
 * (or "outside the image" for values such as 0 that point nowhere, e.g. absolute symbols).
 */
final class BaseRelocTargets {
  private BaseRelocTargets() {}

  private record Sec(String name, long va, long vsize, long rawSize, long rawPtr) {
    boolean has(long rva) {
      return rva >= va && rva < va + Math.max(vsize, rawSize);
    }
  }

  static Map<String, Integer> histogram(Path exe) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(exe);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int pe = b.getInt(0x3c);
    int nsec = Short.toUnsignedInt(b.getShort(pe + 6));
    int optSize = Short.toUnsignedInt(b.getShort(pe + 20));
    int opt = pe + 24;
    long imageBase = b.getLong(opt + 24);
    long relocRva = Integer.toUnsignedLong(b.getInt(opt + 112 + 5 * 8));
    long relocSize = Integer.toUnsignedLong(b.getInt(opt + 112 + 5 * 8 + 4));
    List<Sec> secs = new ArrayList<>();
    for (int i = 0, off = opt + optSize; i < nsec; i++, off += 40) {
      String name = new String(bytes, off, 8, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\0", "");
      secs.add(new Sec(name, Integer.toUnsignedLong(b.getInt(off + 12)), Integer.toUnsignedLong(b.getInt(off + 8)),
          Integer.toUnsignedLong(b.getInt(off + 16)), Integer.toUnsignedLong(b.getInt(off + 20))));
    }
    Map<String, Integer> h = new TreeMap<>();
    long p = relocRva;
    while (p + 8 <= relocRva + relocSize) {
      int pageOff = fileOffset(secs, p);
      if (pageOff < 0) break;
      long page = Integer.toUnsignedLong(b.getInt(pageOff));
      int blockSize = b.getInt(pageOff + 4);
      if (blockSize < 8) break;
      for (int i = 0; i < (blockSize - 8) / 2; i++) {
        int e = Short.toUnsignedInt(b.getShort(pageOff + 8 + 2 * i));
        if (e >> 12 != 10) continue; // DIR64 only
        long site = page + (e & 0xfff);
        int siteOff = fileOffset(secs, site);
        String siteName = name(secs, site);
        String target;
        if (siteOff < 0 || siteOff + 8 > bytes.length) {
          target = "(unreadable)";
        } else {
          long rva = b.getLong(siteOff) - imageBase;
          target = name(secs, rva);
          if (target == null) target = "outside the image (value 0x" + Long.toHexString(rva + imageBase) + ")";
        }
        h.merge("pointer in " + siteName + " -> " + target, 1, Integer::sum);
      }
      p += blockSize;
    }
    return h;
  }

  private static String name(List<Sec> secs, long rva) {
    for (Sec s : secs) if (s.has(rva)) return s.name();
    return null;
  }

  private static int fileOffset(List<Sec> secs, long rva) {
    for (Sec s : secs)
      if (rva >= s.va() && rva < s.va() + s.rawSize()) return (int) (s.rawPtr() + rva - s.va());
    return -1;
  }

  /** Lines describing where the two images' base relocations differ by kind. */
  static List<String> explain(Path reference, Path candidate, String refName, String candName) {
    Map<String, Integer> a = histogram(reference);
    Map<String, Integer> c = histogram(candidate);
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(c.keySet());
    for (String k : keys) {
      int x = a.getOrDefault(k, 0);
      int y = c.getOrDefault(k, 0);
      if (x != y) out.add(k + ": " + refName + " " + x + ", " + candName + " " + y);
    }
    return out;
  }
}
