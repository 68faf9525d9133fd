package dev.jwin.libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs mingw-w64's headers the way {@code mingw-w64-headers}' configure and Makefile do with
 * default options (crt headers on, the DDK on, no IDL files): each header list's glob copied to
 * its directory, {@code _mingw.h} made from {@code _mingw.h.in} (default msvcrt 0x700, default
 * {@code _WIN32_WINNT} 0xa00) and {@code sdks/_mingw_ddk.h} from its {@code .in}.
 */
final class HeaderInstall {
  private HeaderInstall() {}

  /** {source directory relative to mingw-w64-headers, glob, destination under include/} — configure.ac's *HEAD_LIST. */
  private static final String[][] LISTS = {
    {"crt", "*.{h,inl}", ""},
    {"include", "*.{h,c,inl,dlg,h16,hxx,rh,ver}", ""},
    {"crt/sys", "*.h", "sys"},
    {"crt/sec_api", "*.h", "sec_api"},
    {"crt/sec_api/sys", "*.h", "sec_api/sys"},
    {"include/GL", "*.h", "GL"},
    {"include/KHR", "*.h", "KHR"},
    {"include/gdiplus", "*.h", "gdiplus"},
    {"include/wrl", "*.h", "wrl"},
    {"include/wrl/wrappers", "*.h", "wrl/wrappers"},
    {"include/psdk_inc", "*.h", "psdk_inc"},
    {"ddk/include/ddk", "*.h", "ddk"},
  };

  /** Writes {@code include/} under {@code out}; returns every file read. */
  static List<Path> install(Path headersDir, Path out) throws IOException {
    List<Path> inputs = new ArrayList<>();
    Path include = out.resolve("include");
    for (String[] l : LISTS) {
      Path from = headersDir.resolve(l[0]);
      if (!Files.isDirectory(from)) {
        continue; // an optional part (GL, DDK, ...) this tree does not have
      }
      Path to = Files.createDirectories(include.resolve(l[2]));
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(from, l[1])) {
        for (Path f : ds) {
          if (Files.isRegularFile(f)) {
            Files.copy(f, to.resolve(f.getFileName()));
            inputs.add(f);
          }
        }
      }
    }
    Path mingwIn = headersDir.resolve("crt/_mingw.h.in");
    String mingw = Files.readString(mingwIn, StandardCharsets.ISO_8859_1)
        .replace("@DEFAULT_MSVCRT_VERSION@", "0x700").replace("@DEFAULT_WIN32_WINNT@", "0xa00");
    Files.writeString(include.resolve("_mingw.h"), mingw, StandardCharsets.ISO_8859_1);
    inputs.add(mingwIn);
    Path ddkIn = headersDir.resolve("crt/sdks/_mingw_ddk.h.in");
    String ddk = Files.readString(ddkIn, StandardCharsets.ISO_8859_1).replaceAll("(?m)MINGW_HAS_DDK$", "1");
    Files.writeString(Files.createDirectories(include.resolve("sdks")).resolve("_mingw_ddk.h"), ddk, StandardCharsets.ISO_8859_1);
    inputs.add(ddkIn);
    return inputs;
  }
}
