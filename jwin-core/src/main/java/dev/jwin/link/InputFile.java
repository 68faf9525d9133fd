package dev.jwin.link;

import dev.jwin.coff.Bytes;

/** An input: an object, an archive or an import member. */
public abstract sealed class InputFile permits ObjectFile, ArchiveFile, ImportFile {
  /** Display name: a path, or {@code lib.a(member.o)} for archive members. */
  final String name;
  final Bytes data;
  /** The archive this member came from ("" for command-line files). */
  final String parentName;
  final String memberName;

  InputFile(String name, Bytes data, String parentName, String memberName) {
    this.name = name;
    this.data = data;
    this.parentName = parentName;
    this.memberName = memberName;
  }

  /**
   * The name symbol diagnostics use, as lld-link prints it: the path given for a command-line file, and
   * {@code lib.a(member.o)} with both parts reduced to their file names for an archive member.
   */
  String symbolDiagnosticName() {
    return parentName.isEmpty() ? name : fileName(parentName) + "(" + fileName(memberName) + ")";
  }

  private static String fileName(String path) { return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1); }

  @Override public String toString() { return name; }
}
