package dev.jwin.cli;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.archive.ArchiveWriter;
import dev.jwin.archive.Decoration;
import dev.jwin.archive.DefFile;
import dev.jwin.archive.ImportLibraryWriter;
import dev.jwin.archive.ModuleDefinition;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CorruptInputException;
import dev.jwin.coff.Machine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jwin lib}: creates archives (and, with /DEF:, import libraries) with llvm-lib's command
 * line. Options start with '/' or '-' and are case-insensitive; {@code @file} reads more
 * arguments from a response file. Archive inputs are flattened into their members.
 */
public final class LibCommand {
  private LibCommand() {}

  private static final List<String> VALUE_OPTIONS = List.of("out", "def", "machine", "name", "libpath", "ignore");
  private static final List<String> FLAG_OPTIONS =
      List.of("list", "nologo", "llvmlibempty", "llvmlibthin", "verbose", "wx", "ltcg");

  private record Options(String out, String def, String machine, String name, boolean list, boolean empty,
      List<String> libPaths, List<String> inputs) {}

  /** A member read from an input. */
  private record Input(String name, byte[] data) {}

  public static int main(String[] args, PrintStream out, PrintStream err) {
    try {
      Options o = parse(expandResponseFiles(args), err);
      if (o.list()) {
        list(o, out);
      } else if (o.def() != null) {
        importLibrary(o);
      } else {
        archive(o);
      }
      return 0;
    } catch (DlltoolCommand.UsageException e) {
      err.println("jwin: error: " + e.getMessage());
    } catch (DefFile.ParseException e) {
      err.println("jwin: error: " + e.diagnostic());
    }
    return 1;
  }

  private static List<String> expandResponseFiles(String[] args) throws DlltoolCommand.UsageException {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (!a.startsWith("@")) {
        out.add(a);
        continue;
      }
      String text;
      try {
        text = Files.readString(Path.of(a.substring(1)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new DlltoolCommand.UsageException("cannot open response file " + a.substring(1) + ": "
            + DlltoolCommand.describe(e));
      }
      out.addAll(expandResponseFiles(tokenize(text).toArray(String[]::new)));
    }
    return out;
  }

  static List<String> tokenize(String text) {
    return dev.jwin.link.Tokenizer.windows(text);
  }

  private static Options parse(List<String> args, PrintStream err) throws DlltoolCommand.UsageException {
    String out = null;
    String def = null;
    String machine = null;
    String name = null;
    boolean list = false;
    boolean empty = false;
    List<String> libPaths = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (String a : args) {
      boolean optionLike = a.length() > 1 && (a.charAt(0) == '/' || a.charAt(0) == '-');
      String body = optionLike ? a.substring(1) : "";
      int colon = body.indexOf(':');
      String key = (colon < 0 ? body : body.substring(0, colon)).toLowerCase(Locale.ROOT);
      String value = colon < 0 ? null : body.substring(colon + 1);
      if (optionLike && VALUE_OPTIONS.contains(key) && value != null) {
        switch (key) {
          case "out" -> out = value;
          case "def" -> def = value;
          case "machine" -> machine = value;
          case "name" -> name = value;
          case "libpath" -> libPaths.add(value);
          default -> {} // /ignore:N
        }
      } else if (optionLike && FLAG_OPTIONS.contains(key) && value == null) {
        switch (key) {
          case "list" -> list = true;
          case "llvmlibempty" -> empty = true;
          case "llvmlibthin" -> throw new DlltoolCommand.UsageException("/llvmlibthin is not supported");
          default -> {}
        }
      } else if (optionLike && VALUE_OPTIONS.contains(key)) {
        throw new DlltoolCommand.UsageException(a + ": missing argument (use " + a + ":VALUE)");
      } else if (a.startsWith("-")) {
        err.println("jwin: warning: ignoring unknown argument: " + a);
      } else {
        inputs.add(a); // including /absolute/paths, as llvm-lib does for unknown '/' words
      }
    }
    return new Options(out, def, machine, name, list, empty, libPaths, inputs);
  }

  private static void list(Options o, PrintStream out) throws DlltoolCommand.UsageException {
    if (o.inputs().size() != 1) {
      throw new DlltoolCommand.UsageException("/LIST takes exactly one archive, got " + o.inputs().size());
    }
    String path = o.inputs().getFirst();
    byte[] data = read(resolve(path, o.libPaths()));
    if (!isArchive(data)) {
      throw new DlltoolCommand.UsageException(path + ": not an archive");
    }
    for (Input m : members(path, data)) {
      out.println(m.name());
    }
  }

  private static void importLibrary(Options o) throws DlltoolCommand.UsageException, DefFile.ParseException {
    if (!o.inputs().isEmpty()) {
      throw new DlltoolCommand.UsageException("/DEF: cannot be combined with input files");
    }
    if (o.machine() == null) {
      throw new DlltoolCommand.UsageException("/DEF: requires /MACHINE:");
    }
    Machine machine = machine(o.machine());
    byte[] text = read(Path.of(o.def()));
    ModuleDefinition def = DefFile.parse(o.def(), new String(text, StandardCharsets.ISO_8859_1));
    String dll = o.name() != null ? o.name() : def.outputFile();
    if (dll == null) {
      throw new DlltoolCommand.UsageException("no DLL name: use LIBRARY in " + o.def() + " or /NAME:");
    }
    String output = o.out() != null ? o.out() : replaceExtension(fileName(dll), ".lib");
    var entries = Decoration.entries(def.exports(), machine, new Decoration.Options(false, true, false));
    write(output, ImportLibraryWriter.write(dll, machine, entries, ArchiveWriter.Format.COFF));
  }

  private static void archive(Options o) throws DlltoolCommand.UsageException {
    if (o.inputs().isEmpty() && !o.empty()) {
      throw new DlltoolCommand.UsageException("no input files");
    }
    if (o.out() == null && o.inputs().isEmpty()) {
      throw new DlltoolCommand.UsageException("no output file (use /OUT:)");
    }
    Machine expected = o.machine() == null ? null : machine(o.machine());
    int libraryMachine = expected == null ? 0 : expected.value;
    String libraryMachineFrom = "/MACHINE:";
    List<ArchiveWriter.Member> members = new ArrayList<>();
    for (String path : o.inputs()) {
      byte[] data = read(resolve(path, o.libPaths()));
      List<Input> inputs = isArchive(data) ? members(path, data) : List.of(new Input(fileName(path), data));
      for (Input in : inputs) {
        int m = machineOf(in.data());
        if (m != 0 && libraryMachine != 0 && m != libraryMachine) {
          throw new DlltoolCommand.UsageException(path + (isArchive(data) ? "(" + in.name() + ")" : "")
              + ": machine type " + Machine.name(m) + " conflicts with library machine type "
              + Machine.name(libraryMachine) + " (from " + libraryMachineFrom + ")");
        }
        if (m != 0 && libraryMachine == 0) {
          libraryMachine = m;
          libraryMachineFrom = path;
        }
        members.add(ArchiveWriter.Member.of(in.name(), in.data()));
      }
    }
    String output = o.out() != null ? o.out() : replaceExtension(o.inputs().getFirst(), ".lib");
    write(output, ArchiveWriter.write(members, ArchiveWriter.Format.COFF));
  }

  /** The members of an ar archive, without the linker members, long-name table and EC symbols. */
  private static List<Input> members(String path, byte[] data) throws DlltoolCommand.UsageException {
    List<Input> out = new ArrayList<>();
    try {
      new ArchiveReader(path, Bytes.of(data)).forEachMember(m -> {
        if (!m.name().startsWith("/<")) {
          out.add(new Input(m.name(), m.data().toArray()));
        }
      });
    } catch (CorruptInputException e) {
      throw new DlltoolCommand.UsageException(e.file() + ": " + e.getMessage());
    }
    return out;
  }

  private static boolean isArchive(byte[] data) {
    return data.length >= 8 && new String(data, 0, 8, StandardCharsets.ISO_8859_1).equals("!<arch>\n");
  }

  // Machine of a COFF object or short import; 0 when unknown or not COFF.
  private static int machineOf(byte[] data) {
    if (data.length < 20) {
      return 0;
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int machine = b.getShort(0) & 0xFFFF;
    if (machine == 0 && (b.getShort(2) & 0xFFFF) == 0xFFFF) {
      return b.getShort(6) & 0xFFFF;
    }
    return Machine.of(machine) != null ? machine : 0;
  }

  /** lib.exe's /MACHINE: names (case-insensitive). */
  static Machine machine(String name) throws DlltoolCommand.UsageException {
    Machine m = Machine.byLinkName(name);
    if (m == null) throw new DlltoolCommand.UsageException("unknown /MACHINE: value: " + name
        + " (expected x86, x64, arm or arm64)");
    return m;
  }

  private static Path resolve(String input, List<String> libPaths) {
    Path p = Path.of(input);
    if (!Files.exists(p) && !p.isAbsolute()) {
      for (String dir : libPaths) {
        Path candidate = Path.of(dir).resolve(input);
        if (Files.exists(candidate)) {
          return candidate;
        }
      }
    }
    return p;
  }

  private static byte[] read(Path path) throws DlltoolCommand.UsageException {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new DlltoolCommand.UsageException("cannot open " + path + ": " + DlltoolCommand.describe(e));
    }
  }

  private static void write(String output, byte[] data) throws DlltoolCommand.UsageException {
    try {
      dev.jwin.io.AtomicFile.write(Path.of(output), data, false);
    } catch (IOException e) {
      throw new DlltoolCommand.UsageException("cannot write " + output + ": " + DlltoolCommand.describe(e));
    }
  }

  private static String fileName(String path) {
    return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  }

  private static String replaceExtension(String path, String extension) {
    String file = fileName(path);
    int dot = file.lastIndexOf('.');
    return dot > 0 ? path.substring(0, path.length() - file.length() + dot) + extension : path + extension;
  }
}
