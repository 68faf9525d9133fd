package dev.jwin.link;

import java.util.ArrayList;
import java.util.List;

/** A section of the image: a name, characteristics and the chunks placed in it. */
final class OutputSection {
  String name;
  int characteristics;
  final List<Chunk> chunks = new ArrayList<>();
  /** 1-based index in the section table. */
  int index;
  long rva;
  long virtualSize;
  long rawSize;
  long fileOffset;

  OutputSection(String name, int characteristics) {
    this.name = name;
    this.characteristics = characteristics;
  }

  @Override public String toString() { return name; }
}
