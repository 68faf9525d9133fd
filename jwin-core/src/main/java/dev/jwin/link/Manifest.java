package dev.jwin.link;

import dev.jwin.coff.Bytes;
import dev.jwin.io.AtomicFile;
import dev.jwin.res.ResFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The application manifest lld-link writes for {@code /manifest}: embedded as an RT_MANIFEST resource
 * ({@code /manifest:embed[,id=N]}, ID 1 for an EXE and 2 for a DLL) or beside the output
 * ({@code /manifest}, {@code /manifestfile:}), with the UAC level and dependencies given.
 */
final class Manifest {
  private Manifest() {}

  enum Kind { NO, EMBED, SIDE_BY_SIDE }

  /** What the /manifest* options asked for. */
  static final class Settings {
    Kind kind = Kind.NO;
    int id;
    boolean uac = true;
    String level = "'asInvoker'", uiAccess = "'false'";
    final Set<String> dependencies = new LinkedHashSet<>();
    String file;
    boolean input;
  }

  static void option(Config config, Diagnostics diag, String name, String value) {
    Settings m = config.manifest;
    switch (name) {
      case "manifest" -> {
        String v = value == null ? "" : value;
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.equals("sidebyside")) {
          m.kind = Kind.SIDE_BY_SIDE;
        } else if (lower.equals("no")) {
          m.kind = Kind.NO;
        } else if (lower.startsWith("embed")) {
          m.kind = Kind.EMBED;
          String rest = lower.substring(5);
          if (rest.startsWith(",id=")) {
            try {
              m.id = Integer.parseInt(rest.substring(4));
            } catch (NumberFormatException e) {
              throw diag.fatal("/manifest: invalid option " + v);
            }
          } else if (!rest.isEmpty()) {
            throw diag.fatal("/manifest: invalid option " + v);
          }
        } else {
          throw diag.fatal("/manifest: invalid option " + v);
        }
      }
      case "manifestuac" -> uac(m, diag, value == null ? "" : value);
      case "manifestdependency" -> { if (value != null) m.dependencies.add(value); }
      case "manifestfile" -> m.file = value;
      case "manifestinput" -> m.input = true;
      default -> throw new IllegalArgumentException(name);
    }
  }

  /** {@code no}, or {@code level=L uiAccess=U} in any order (values kept as written, quotes and all). */
  private static void uac(Settings m, Diagnostics diag, String arg) {
    if (arg.equalsIgnoreCase("no")) {
      m.uac = false;
      return;
    }
    String a = arg;
    while (true) {
      a = a.stripLeading();
      if (a.isEmpty()) return;
      String lower = a.toLowerCase(Locale.ROOT);
      int sp;
      if (lower.startsWith("level=")) {
        a = a.substring(6);
        sp = a.indexOf(' ');
        m.level = sp < 0 ? a : a.substring(0, sp);
      } else if (lower.startsWith("uiaccess=")) {
        a = a.substring(9);
        sp = a.indexOf(' ');
        m.uiAccess = sp < 0 ? a : a.substring(0, sp);
      } else {
        throw diag.fatal("/manifestuac: invalid option " + a);
      }
      a = sp < 0 ? "" : a.substring(sp + 1);
    }
  }

  static String xml(Settings m) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" standalone=\"yes\"?>\n")
        .append("<assembly xmlns=\"urn:schemas-microsoft-com:asm.v1\"\n")
        .append("          manifestVersion=\"1.0\">\n");
    if (m.uac) {
      b.append("  <trustInfo>\n    <security>\n      <requestedPrivileges>\n")
          .append("         <requestedExecutionLevel level=").append(m.level).append(" uiAccess=").append(m.uiAccess).append("/>\n")
          .append("      </requestedPrivileges>\n    </security>\n  </trustInfo>\n");
    }
    for (String d : m.dependencies) {
      b.append("  <dependency>\n    <dependentAssembly>\n      <assemblyIdentity ").append(d).append(" />\n")
          .append("    </dependentAssembly>\n  </dependency>\n");
    }
    return b.append("</assembly>\n").toString();
  }

  /** Before inputs are merged: the embedded manifest joins the .res inputs, after them. */
  static void embed(LinkContext ctx) {
    Settings m = ctx.config.manifest;
    if (m.kind != Kind.EMBED) return;
    checkInput(ctx, m);
    int id = m.id != 0 ? m.id : ctx.config.dll ? 2 : 1;
    byte[] res = ResFile.write(List.of(new ResFile.Entry(ResFile.Id.of(24), ResFile.Id.of(id), 0x409,
        xml(m).getBytes(StandardCharsets.UTF_8))));
    ctx.resources.addRes("<manifest>", Bytes.of(res));
  }

  /** After a successful link: {@code /manifest} writes OUTPUT.manifest (or the /manifestfile: path). */
  static void writeSideBySide(LinkContext ctx) {
    Settings m = ctx.config.manifest;
    if (m.kind != Kind.SIDE_BY_SIDE) return;
    checkInput(ctx, m);
    Path out = ctx.file(m.file != null ? m.file : ctx.config.output + ".manifest").toAbsolutePath();
    try {
      AtomicFile.write(out, xml(m).getBytes(StandardCharsets.UTF_8), false);
    } catch (IOException e) {
      throw ctx.diag.fatal("failed to create manifest: " + out + ": " + Options.ioReason(e));
    }
  }

  private static void checkInput(LinkContext ctx, Settings m) {
    if (m.input) throw ctx.diag.fatal("/manifestinput: is not supported yet (merging manifests)");
  }
}
