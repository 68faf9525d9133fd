package dev.jwin.cli;

import dev.jwin.archive.ArchiveWriter;
import dev.jwin.archive.Decoration;
import dev.jwin.archive.DefFile;
import dev.jwin.archive.ImportLibraryWriter;
import dev.jwin.coff.Machine;
import dev.jwin.archive.ModuleDefinition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code jwin dlltool}: creates an import library from a .def file, with llvm-dlltool's command
 * line ({@code -d def -l lib [-m machine] [-D dll] [-k] [--no-leading-underscore]}).
 */
public final class DlltoolCommand {
  private DlltoolCommand() {}

  /** A problem with the command line or an input, reported as one error line. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  private record Options(String def, String lib, String machine, String dllName, boolean killAt, boolean underscores) {}

  public static int main(String[] args, PrintStream out, PrintStream err) {
    try {
      run(parse(args, err));
      return 0;
    } catch (UsageException e) {
      err.println("jwin: error: " + e.getMessage());
    } catch (DefFile.ParseException e) {
      err.println("jwin: error: " + e.diagnostic());
    } catch (IOException e) {
      err.println("jwin: error: " + describe(e));
    }
    return 1;
  }

  private static Options parse(String[] args, PrintStream err) throws UsageException {
    String def = null;
    String lib = null;
    String machine = null;
    String dll = null;
    boolean killAt = false;
    boolean underscores = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String option = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        option = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (option) {
        case "-k", "--kill-at" -> killAt = true;
        case "--no-leading-underscore" -> underscores = false;
        case "-d", "--input-def", "-l", "--output-lib", "-m", "--machine", "-D", "--dllname", "-S", "--as", "-f",
            "--as-flags" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(a + ": missing argument");
            }
            value = args[++i];
          }
          switch (option) {
            case "-d", "--input-def" -> def = value;
            case "-l", "--output-lib" -> lib = value;
            case "-m", "--machine" -> machine = value;
            case "-D", "--dllname" -> dll = value;
            default -> {} // assembler and its flags: not needed for import libraries
          }
        }
        default -> {
          if (a.length() > 2 && "dlmDSf".indexOf(a.charAt(1)) >= 0 && a.charAt(0) == '-' && a.charAt(1) != '-') {
            // Joined forms: -dfile.def, -lout.a, -mi386, -Dfoo.dll
            String v = a.substring(2);
            switch (a.charAt(1)) {
              case 'd' -> def = v;
              case 'l' -> lib = v;
              case 'm' -> machine = v;
              case 'D' -> dll = v;
              default -> {}
            }
          } else if (a.startsWith("-")) {
            err.println("jwin: warning: ignoring unknown argument: " + a);
          } else {
            throw new UsageException("unexpected input file: " + a + " (use -d for the .def file)");
          }
        }
      }
    }
    return new Options(def, lib, machine, dll, killAt, underscores);
  }

  private static void run(Options o) throws UsageException, DefFile.ParseException, IOException {
    if (o.def() == null) {
      throw new UsageException("no definition file specified (-d)");
    }
    Machine machine = machine(o.machine());
    byte[] text;
    try {
      text = Files.readAllBytes(Path.of(o.def()));
    } catch (IOException e) {
      throw new UsageException("cannot open file " + o.def() + ": " + describe(e));
    }
    if (text.length == 0) {
      throw new UsageException(o.def() + ": definition file empty");
    }
    ModuleDefinition def = DefFile.parse(o.def(), new String(text, java.nio.charset.StandardCharsets.ISO_8859_1));
    String dll = o.dllName() != null ? o.dllName() : def.outputFile();
    if (dll == null || dll.isEmpty()) {
      throw new UsageException("no DLL name specified (use LIBRARY in the .def file or -D)");
    }
    if (o.lib() == null) {
      return; // like llvm-dlltool: only checks the .def file
    }
    var options = new Decoration.Options(o.killAt(), o.underscores(), true);
    var entries = Decoration.entries(def.exports(), machine, options);
    byte[] archive = ImportLibraryWriter.write(dll, machine, entries, ArchiveWriter.Format.COFF);
    try {
      dev.jwin.io.AtomicFile.write(Path.of(o.lib()), archive, false);
    } catch (IOException e) {
      throw new UsageException("cannot write " + o.lib() + ": " + describe(e));
    }
  }

  /** llvm-dlltool's -m names; x64 when absent. */
  static Machine machine(String name) throws UsageException {
    if (name == null) {
      return Machine.AMD64;
    }
    for (Machine m : Machine.values()) if (m.dlltoolName.equals(name)) return m;
    throw new UsageException("unknown target: " + name + " (expected i386, i386:x86-64, arm or arm64)");
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
