package dev.jwin.coff;


/** What an input is, decided by its magic bytes (never by its file name). */
public enum FileKind {
  COFF, BIGOBJ, IMPORT, ARCHIVE, THIN_ARCHIVE, PE_IMAGE, RES, UNKNOWN;

  /** The class ID that marks a bigobj header (ANON_OBJECT_HEADER_BIGOBJ). */
  static final byte[] BIGOBJ_CLASS_ID = {
    (byte) 0xC7, (byte) 0xA1, (byte) 0xBA, (byte) 0xD1, (byte) 0xEE, (byte) 0xBA, (byte) 0xA9, 0x4B,
    (byte) 0xAF, 0x20, (byte) 0xFA, (byte) 0xF6, 0x6A, (byte) 0xA4, (byte) 0xDC, (byte) 0xB8};

  private static final long ARCH = 0x0a3e686372613c21L; // "!<arch>\n" read little-endian
  private static final long THIN = 0x0a3e6e6968743c21L; // "!<thin>\n"

  public static FileKind identify(Bytes s) {
    long n = s.byteSize();
    if (n >= 8) {
      long magic = Le.u64(s, 0);
      if (magic == ARCH) return ARCHIVE;
      if (magic == THIN) return THIN_ARCHIVE;
    }
    if (n >= 2 && Le.u16(s, 0) == 0x5A4D) return PE_IMAGE;
    // A .res file starts with an empty entry: data size 0, header size 32, ordinal type and name 0.
    if (n >= 16 && Le.u32(s, 0) == 0 && Le.u32(s, 4) == 0x20 && Le.u32(s, 8) == 0xffff && Le.u32(s, 12) == 0xffff) return RES;
    if (n >= 4 && Le.u16(s, 0) == 0 && Le.u16(s, 2) == 0xFFFF) {
      if (n >= 6 && Le.u16(s, 4) == 0) return IMPORT;
      if (n >= 28 && Le.u16(s, 4) >= 2) {
        for (int i = 0; i < 16; i++) if ((byte) Le.u8(s, 12 + i) != BIGOBJ_CLASS_ID[i]) return UNKNOWN;
        return BIGOBJ;
      }
      return UNKNOWN;
    }
    if (n >= 2) {
      int m = Le.u16(s, 0);
      if (m == 0 || Machine.of(m) != null) return COFF;
    }
    return UNKNOWN;
  }
}
