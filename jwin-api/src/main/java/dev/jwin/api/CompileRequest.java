package dev.jwin.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code jwin cc} build: C/C++ sources compiled for {@code target} (zig or clang spelling, e.g.
 * {@code x86_64-windows-gnu}) and linked into {@code output}, a DLL when {@code shared}. Objects and links are
 * cached, so an unchanged request runs neither compiler nor linker. {@code environment} is what the driver
 * sees of the environment ({@code JWIN_CACHE_DIR}, {@code JWIN_RUNTIME}, ...).
 */
public record CompileRequest(String target, List<Path> sources, Path output, boolean shared, List<Path> includeDirs,
    Map<String, String> defines, List<String> flags, List<String> libraries, Map<String, String> environment) {
  public CompileRequest {
    sources = List.copyOf(sources);
    includeDirs = List.copyOf(includeDirs);
    defines = Map.copyOf(defines);
    flags = List.copyOf(flags);
    libraries = List.copyOf(libraries);
    environment = Map.copyOf(environment);
  }

  /** C++ when a source is C++: the C++ driver then links the C++ runtime (and C sources stay C). */
  public boolean cxx() {
    return sources.stream().map(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith(".cpp")
        || n.endsWith(".cc") || n.endsWith(".cxx") || n.endsWith(".C"));
  }

  /** The same build as a {@code jwin cc} command line (defines sorted, so the cache key does not depend on order). */
  public List<String> arguments() {
    List<String> a = new ArrayList<>(List.of("--target=" + target));
    if (shared) a.add("-shared");
    for (Path d : includeDirs) a.add("-I" + d);
    defines.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(d -> a.add("-D" + d.getKey() + (d.getValue() == null || d.getValue().isEmpty() ? "" : "=" + d.getValue())));
    a.addAll(flags);
    boolean cxx = cxx();
    for (Path s : sources) {
      // The C++ driver (g++ rules) would compile .c files as C++: say they are C.
      if (cxx && s.getFileName().toString().endsWith(".c")) a.addAll(List.of("-x", "c", s.toString(), "-x", "none"));
      else a.add(s.toString());
    }
    a.add("-o");
    a.add(output.toString());
    for (String l : libraries) a.add(l.startsWith("-l") ? l : "-l" + l);
    return a;
  }
}
