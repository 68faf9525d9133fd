package dev.jwin.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Builds ar archives as lib.exe and llvm-lib do: {@code !<arch>\n}, a first linker member
 * {@code /} (big-endian symbol count, big-endian member offsets, NUL-terminated names), optionally
 * the Microsoft second linker member (little-endian, sorted names), the {@code //} long-name
 * table when a member name does not fit in 15 characters, then the members.
 */
public final class ArchiveBuilder {
  private record Member(String name, byte[] data, List<String> symbols) {}

  private final List<Member> members = new ArrayList<>();
  private boolean msSecondMember;
  private boolean symbolIndex = true;
  private byte[] symbolIndexOverride;
  private Integer truncateTo;
  private final java.util.Map<Integer, String> sizeFieldOverrides = new java.util.HashMap<>();
  private Layout layout;

  /** Adds an object; its defined externals go into the symbol index. */
  public ArchiveBuilder add(String name, ObjectBuilder object) {
    return add(name, object.build(), object.definedExternalNames().toArray(String[]::new));
  }

  /** Adds a short import member, named after its DLL as lib.exe does. */
  public ArchiveBuilder add(ImportMemberBuilder member) {
    return add(member.dll(), member.build(), member.symbols().toArray(String[]::new));
  }

  /** Adds raw member bytes with explicit symbol index entries. */
  public ArchiveBuilder add(String name, byte[] data, String... symbols) {
    members.add(new Member(name, data.clone(), List.of(symbols)));
    return this;
  }

  /** Also write the Microsoft second linker member (as lib.exe does). */
  public ArchiveBuilder msSecondMember(boolean write) {
    this.msSecondMember = write;
    return this;
  }

  /** Whether to write any symbol index (default true). */
  public ArchiveBuilder symbolIndex(boolean write) {
    this.symbolIndex = write;
    return this;
  }

  /** Replaces the first linker member's contents (e.g. a truncated index). */
  public ArchiveBuilder overrideSymbolIndex(byte[] contents) {
    this.symbolIndexOverride = contents.clone();
    return this;
  }

  /** Replaces the ASCII size field of member {@code memberIndex} (0-based among added members). */
  public ArchiveBuilder overrideMemberSize(int memberIndex, String sizeField) {
    sizeFieldOverrides.put(memberIndex, sizeField);
    return this;
  }

  public ArchiveBuilder truncateTo(int length) {
    this.truncateTo = length;
    return this;
  }

  /** @param memberHeaders file offset of each added member's 60-byte header */
  public record Layout(int[] memberHeaders, int size) {}

  public Layout layout() {
    if (layout == null) {
      build();
    }
    return layout;
  }

  public Path write(Path path) {
    try {
      Files.write(path, build());
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] build() {
    boolean coff = msSecondMember;
    // Long names: NUL-terminated in the Microsoft format, "/\n"-terminated in the GNU format.
    Bytes.Writer longNames = new Bytes.Writer();
    String[] headerNames = new String[members.size()];
    for (int i = 0; i < members.size(); i++) {
      String name = members.get(i).name;
      if (name.length() <= 15) {
        headerNames[i] = name + "/";
      } else {
        headerNames[i] = "/" + longNames.size();
        longNames.bytes(name.getBytes(StandardCharsets.UTF_8));
        if (coff) {
          longNames.u8(0);
        } else {
          longNames.u8('/').u8('\n');
        }
      }
    }

    List<String> allSymbols = new ArrayList<>();
    List<Integer> symbolMember = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      for (String s : members.get(i).symbols) {
        allSymbols.add(s);
        symbolMember.add(i);
      }
    }
    int nameBytes = 0;
    for (String s : allSymbols) {
      nameBytes += s.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    int firstSize = symbolIndexOverride != null ? symbolIndexOverride.length : 4 + 4 * allSymbols.size() + nameBytes;
    int secondSize = 4 + 4 * members.size() + 4 + 2 * allSymbols.size() + nameBytes;

    // Offsets of the member headers.
    int pos = 8;
    if (symbolIndex) {
      pos += 60 + even(firstSize);
      if (msSecondMember) {
        pos += 60 + even(secondSize);
      }
    }
    if (longNames.size() > 0) {
      pos += 60 + even(longNames.size());
    }
    int[] offsets = new int[members.size()];
    for (int i = 0; i < members.size(); i++) {
      offsets[i] = pos;
      pos += 60 + even(members.get(i).data.length);
    }

    Bytes.Writer w = new Bytes.Writer();
    w.bytes(Bytes.ascii("!<arch>\n"));
    if (symbolIndex) {
      Bytes.Writer first = new Bytes.Writer();
      if (symbolIndexOverride != null) {
        first.bytes(symbolIndexOverride);
      } else {
        first.u32BE(allSymbols.size());
        for (int m : symbolMember) {
          first.u32BE(offsets[m]);
        }
        for (String s : allSymbols) {
          first.bytes(s.getBytes(StandardCharsets.UTF_8)).u8(0);
        }
      }
      member(w, "/", first.toByteArray(), null);
      if (msSecondMember) {
        Integer[] order = new Integer[allSymbols.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> allSymbols.get(i), ArchiveBuilder::compareBytes));
        Bytes.Writer second = new Bytes.Writer();
        second.u32(members.size());
        for (int off : offsets) {
          second.u32(off);
        }
        second.u32(allSymbols.size());
        for (int i : order) {
          second.u16(symbolMember.get(i) + 1);
        }
        for (int i : order) {
          second.bytes(allSymbols.get(i).getBytes(StandardCharsets.UTF_8)).u8(0);
        }
        member(w, "/", second.toByteArray(), null);
      }
    }
    if (longNames.size() > 0) {
      member(w, "//", longNames.toByteArray(), null);
    }
    for (int i = 0; i < members.size(); i++) {
      member(w, headerNames[i], members.get(i).data, sizeFieldOverrides.get(i));
    }
    byte[] out = w.toByteArray();
    layout = new Layout(offsets, out.length);
    if (truncateTo != null) {
      out = Bytes.truncate(out, truncateTo);
    }
    return out;
  }

  private static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static int even(int n) {
    return n + (n & 1);
  }

  /** 60-byte header: name[16] date[12] uid[6] gid[6] mode[8] size[10] "`\n", then data padded to even. */
  private static void member(Bytes.Writer w, String name, byte[] data, String sizeOverride) {
    w.bytes(field(name, 16));
    w.bytes(field("0", 12));
    w.bytes(field("0", 6));
    w.bytes(field("0", 6));
    w.bytes(field("644", 8));
    w.bytes(field(sizeOverride != null ? sizeOverride : Integer.toString(data.length), 10));
    w.u8('`').u8('\n');
    w.bytes(data);
    if ((data.length & 1) != 0) {
      w.u8('\n');
    }
  }

  private static byte[] field(String s, int width) {
    byte[] b = Bytes.filled(width, ' ');
    byte[] v = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(v, 0, b, 0, Math.min(width, v.length));
    return b;
  }
}
