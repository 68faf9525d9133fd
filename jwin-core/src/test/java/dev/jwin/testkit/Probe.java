package dev.jwin.testkit;

import static dev.jwin.testkit.Coff.*;

import java.util.List;

/**
 * Finds out where symbols ended up. PE images have no symbol table, so {@link #object} builds an
 * object whose entry function {@code start} is followed by one 8-byte slot per probed symbol,
 * each with an ADDR32NB relocation; after linking, {@link #rva} reads slot i back.
 *
 * <p>{@link #marked} builds the other side: an object defining a symbol in .data right in front
 * of an 8-byte marker string, so {@link #markerAt} tells which definition won.
 */
public final class Probe {
  private Probe() {}

  public static final int FIRST_SLOT = 16;

  /** Object defining {@code start} (a {@code ret}) with ADDR32NB slots for {@code symbols}. */
  public static ObjectBuilder object(String... symbols) {
    ObjectBuilder o = new ObjectBuilder();
    var text = o.text().data(withRet(FIRST_SLOT + 8 * symbols.length));
    o.function("start", text, 0);
    for (int i = 0; i < symbols.length; i++) {
      text.reloc(FIRST_SLOT + 8 * i, IMAGE_REL_AMD64_ADDR32NB, symbols[i]);
    }
    return o;
  }

  private static byte[] withRet(int size) {
    byte[] b = new byte[size];
    b[0] = (byte) 0xc3;
    return b;
  }

  /** RVA of slot {@code i} itself. */
  public static long slotRva(PeImage img, int i) {
    return Integer.toUnsignedLong(img.addressOfEntryPoint) + FIRST_SLOT + 8L * i;
  }

  /** RVA the i-th probed symbol resolved to. */
  public static long rva(PeImage img, int i) {
    return img.u32At(slotRva(img, i));
  }

  /** The 8 bytes at the i-th probed symbol, as a string (compare with a marker). */
  public static String markerAt(PeImage img, int i) {
    return new String(img.bytesAt(rva(img, i), 8), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Object defining external {@code symbol} in .data in front of {@code marker} (8 ASCII characters). */
  public static ObjectBuilder marked(String symbol, String marker) {
    return marked(List.of(symbol), marker);
  }

  /** Object defining each of {@code symbols} in its own 8-byte .data slot; the first holds {@code marker}. */
  public static ObjectBuilder marked(List<String> symbols, String marker) {
    if (marker.length() != 8) {
      throw new IllegalArgumentException("marker must be 8 characters: " + marker);
    }
    ObjectBuilder o = new ObjectBuilder();
    byte[] data = new byte[8 * symbols.size()];
    System.arraycopy(Bytes.ascii(marker), 0, data, 0, 8);
    for (int i = 1; i < symbols.size(); i++) {
      System.arraycopy(Bytes.ascii(String.format("%-8.8s", symbols.get(i))), 0, data, 8 * i, 8);
    }
    var sec = o.data().data(data);
    for (int i = 0; i < symbols.size(); i++) {
      o.global(symbols.get(i), sec, 8 * i);
    }
    return o;
  }
}
