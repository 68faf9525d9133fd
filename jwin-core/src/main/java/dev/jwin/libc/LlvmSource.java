package dev.jwin.libc;

import dev.jwin.cache.Cache;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * compiler-rt's builtins sources jwin builds from: {@code --llvm-src DIR} or {@code JWIN_LLVM_SRC}
 * (the top of an LLVM source tree, holding {@code compiler-rt/}), else Debian's
 * {@code llvm-toolchain-14} source package, of which only {@code compiler-rt/lib/builtins} is unpacked.
 */
record LlvmSource(Path root) {
  static final String VERSION = "14.0.6";
  private static final String TOP = "llvm-toolchain-14_" + VERSION;
  private static final String BUILTINS = "compiler-rt/lib/builtins";

  /** {@code compiler-rt/lib/builtins}. */
  Path builtinsDir() {
    return root.resolve(BUILTINS);
  }

  static LlvmSource locate(String option, Map<String, String> env, Cache cache, PrintStream err) throws LibcException {
    String dir = option != null ? option : env.get("JWIN_LLVM_SRC");
    if (dir != null && !dir.isEmpty()) {
      return check(Path.of(dir).toAbsolutePath().normalize(), option != null ? "--llvm-src" : "JWIN_LLVM_SRC");
    }
    Path fetched = DebianSource.fetch(cache, "llvm-toolchain-14", VERSION, "llvm-toolchain-14_" + VERSION + ".orig.tar.xz",
        List.of(TOP + "/" + BUILTINS), err);
    return check(fetched.resolve(TOP), "the fetched source package");
  }

  static LlvmSource check(Path dir, String origin) throws LibcException {
    for (String need : List.of(BUILTINS + "/CMakeLists.txt", BUILTINS + "/int_lib.h", BUILTINS + "/udivmoddi4.c")) {
      if (!Files.isRegularFile(dir.resolve(need))) {
        throw new LibcException(origin + ": " + dir + " is not an LLVM source tree with compiler-rt's builtins (missing "
            + need + "); point it at the top of the LLVM " + VERSION + " sources, or unset it to let jwin fetch them");
      }
    }
    return new LlvmSource(dir);
  }
}
