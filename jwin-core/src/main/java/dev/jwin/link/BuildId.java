package dev.jwin.link;

import dev.jwin.coff.Bytes;

import java.util.zip.CRC32;

/**
 * The content hash behind the CodeView GUID and the {@code -Brepro} timestamp: CRC-32 of each 1 MiB block of
 * the image and of the symbol table after it (blocks hashed in parallel; the JVM computes CRC-32 with the CPU's
 * carry-less multiply, in the interpreter too), mixed into 160 bits. Deterministic and cheap: no cryptographic
 * provider to initialise, and not CRC32C, whose class builds its tables in Java at first use (0.8 ms of a small
 * link, interpreted).
 */
final class BuildId {
  private BuildId() {}

  private static final int BLOCK = 1 << 20;

  /** Sets up CRC-32 (its class loads a native library: most of a millisecond, which a thread with time to spare pays). */
  static void prepare() {
    new CRC32().update(0);
  }

  /** 20 bytes: 16 for the GUID, 4 for a timestamp. */
  static byte[] hash(Bytes image, byte[] tail) {
    long size = image.byteSize();
    int imageBlocks = blocks(size), tailBlocks = blocks(tail.length);
    long[] crcs = new long[imageBlocks + tailBlocks];
    Parallel.forEach(crcs.length, i -> {
      CRC32 crc = new CRC32();
      if (i < imageBlocks) {
        long start = (long) i * BLOCK;
        crc.update(image.asSlice(start, Math.min(BLOCK, size - start)).asByteBuffer());
      } else {
        int start = (i - imageBlocks) * BLOCK;
        crc.update(tail, start, Math.min(BLOCK, tail.length - start));
      }
      crcs[i] = crc.getValue();
    });
    byte[] out = new byte[20];
    for (int k = 0; k < 3; k++) {
      long h = mix(0x9E3779B97F4A7C15L * (k + 1) ^ size ^ ((long) tail.length << 32));
      for (long c : crcs) h = mix(h ^ c);
      for (int b = 0; b < 8 && 8 * k + b < out.length; b++) out[8 * k + b] = (byte) (h >>> (8 * b));
    }
    return out;
  }

  private static int blocks(long size) { return (int) ((size + BLOCK - 1) / BLOCK); }

  /** SplitMix64's finaliser: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
