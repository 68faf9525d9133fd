package dev.jwin.link;

import java.lang.foreign.MemorySegment;

/** An input: an object, an archive or an import member. */
public abstract sealed class InputFile permits ObjectFile, ArchiveFile, ImportFile {
  /** Display name: a path, or {@code lib.a(member.o)} for archive members. */
  final String name;
  final MemorySegment data;
  /** The archive this member came from ("" for command-line files). */
  final String parentName;
  final String memberName;

  InputFile(String name, MemorySegment data, String parentName, String memberName) {
    this.name = name;
    this.data = data;
    this.parentName = parentName;
    this.memberName = memberName;
  }

  @Override public String toString() { return name; }
}
