package dev.jwin.archive;

import java.util.List;

/**
 * A parsed module-definition (.def) file. Names are kept exactly as written; decoration for a
 * target machine is applied later by {@link Decoration}.
 *
 * @param name the LIBRARY or NAME argument as written, or null when absent
 * @param isDll true for LIBRARY, false for NAME (and when neither is present)
 * @param imageBase the BASE= value, or 0
 * @param exports the EXPORTS entries in file order
 * @param heapReserve HEAPSIZE reserve, or 0; heapCommit likewise
 * @param stackReserve STACKSIZE reserve, or 0; stackCommit likewise
 * @param majorImageVersion VERSION major, or 0; minorImageVersion likewise
 * @param sections the SECTIONS entries in file order
 */
public record ModuleDefinition(
    String name,
    boolean isDll,
    long imageBase,
    List<Export> exports,
    long heapReserve,
    long heapCommit,
    long stackReserve,
    long stackCommit,
    int majorImageVersion,
    int minorImageVersion,
    List<Section> sections) {

  public ModuleDefinition {
    exports = List.copyOf(exports);
    sections = List.copyOf(sections);
  }

  /** The file name of the image: the NAME/LIBRARY argument, with .dll or .exe added when it has no extension. */
  public String outputFile() {
    if (name == null || name.isEmpty()) {
      return null;
    }
    String file = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    return file.lastIndexOf('.') > 0 ? name : name + (isDll ? ".dll" : ".exe");
  }

  /**
   * One EXPORTS entry: {@code name[=internal] [@ordinal [NONAME]] [DATA] [CONSTANT] [PRIVATE]
   * [==importName] [EXPORTAS exportAs]}.
   *
   * @param name the exported (external) name
   * @param internalName the name after '=', or null; may name another DLL's export ({@code other.func})
   * @param ordinal the ordinal, or 0 when none was given
   * @param importName the name after '==', or null
   * @param exportAs the name after EXPORTAS, or null
   * @param line 1-based line of the entry, column likewise
   */
  public record Export(
      String name,
      String internalName,
      int ordinal,
      boolean noname,
      boolean data,
      boolean constant,
      boolean isPrivate,
      String importName,
      String exportAs,
      int line,
      int column) {

    /** True when the internal name forwards to another DLL ({@code other.func}). */
    public boolean isForwarder() {
      return internalName != null && internalName.indexOf('.') > 0;
    }
  }

  /**
   * One SECTIONS entry: a section name and its attributes.
   *
   * @param attributes upper-cased attribute keywords (READ, WRITE, EXECUTE, SHARED) in file order
   */
  public record Section(String name, List<String> attributes) {
    public Section {
      attributes = List.copyOf(attributes);
    }
  }
}
