package dev.jwin.maven;

import dev.jwin.api.CompileRequest;
import dev.jwin.api.Diagnostic;
import dev.jwin.api.Jwin;
import dev.jwin.api.Result;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code jwin:jni}: compiles the project's C/C++ sources into a JNI DLL for each Windows target with jwin (clang
 * and jwin's linker, the C runtime linked statically) and puts it in the output directory in the chosen layout.
 * Runs after {@code javac -h} wrote the JNI headers; jwin's cache makes an unchanged build a few stat calls.
 */
@Mojo(name = "jni", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public final class JniMojo extends AbstractMojo {
  private static final List<String> SOURCE_SUFFIXES = List.of(".c", ".cpp", ".cc", ".cxx");

  @Parameter(defaultValue = "${project.basedir}", readonly = true)
  File basedir;

  /** Source directories; default {@code src/main/c} and {@code src/main/cpp} (those that exist). */
  @Parameter(property = "jwin.sources")
  List<File> sources;

  /** Further include directories (the bundled {@code jni.h} and the header directory come first). */
  @Parameter
  List<File> includes;

  /** Where {@code javac -h} writes the JNI headers (maven-compiler-plugin {@code <compilerArgs>}). */
  @Parameter(defaultValue = "${project.build.directory}/native/include")
  File headerDirectory;

  /** Preprocessor definitions: {@code <NAME>value</NAME>} (an empty value defines NAME alone). */
  @Parameter
  Map<String, String> defines;

  /** Further compiler flags ({@code -O2}, {@code -Wall}, ...). */
  @Parameter
  List<String> compilerFlags;

  /** System libraries to link ({@code ws2_32}, {@code user32}, ...). */
  @Parameter
  List<String> libraries;

  /** The DLL's name without {@code .dll}. */
  @Parameter(defaultValue = "${project.artifactId}")
  String libraryName;

  /** Targets; default {@code x86_64-windows-gnu}. */
  @Parameter(property = "jwin.targets")
  List<String> targets;

  /** {@code jna} (default), {@code natives} or a pattern such as {@code lib/{arch}/{name}.dll}. */
  @Parameter(property = "jwin.layout", defaultValue = "jna")
  String layout;

  @Parameter(defaultValue = "${project.build.outputDirectory}")
  File outputDirectory;

  @Parameter(defaultValue = "${project.build.directory}/jwin", readonly = true)
  File workDirectory;

  /** Link the C/C++ runtime (libgcc, libstdc++, winpthread) statically, so the DLL imports only system DLLs. */
  @Parameter(defaultValue = "true")
  boolean staticRuntime;

  /** {@code jwin} (default), or {@code lld} for LLVM's lld-link-14 with the same command line. */
  @Parameter(property = "jwin.linker", defaultValue = "jwin")
  String linker;

  /** jwin's cache ({@code JWIN_CACHE_DIR}); default {@code ~/.cache/jwin}. */
  @Parameter(property = "jwin.cacheDirectory")
  File cacheDirectory;

  @Parameter(property = "jwin.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("jwin: skipped (jwin.skip)");
      return;
    }
    long start = System.nanoTime();
    long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    Layout where;
    try {
      where = Layout.of(layout);
      for (String t : targets()) Layout.arch(t);
      if (!linker.equals("jwin") && !linker.equals("lld"))
        throw new IllegalArgumentException("unknown linker '" + linker + "' (expected jwin or lld)");
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("jwin: " + e.getMessage());
    }
    List<Path> files = sourceFiles();
    if (files.isEmpty()) {
      getLog().info("jwin: no C/C++ sources in " + sourceDirs());
      return;
    }
    Path include = bundledHeaders();
    Map<String, String> env = new HashMap<>(System.getenv());
    if (cacheDirectory != null) env.put("JWIN_CACHE_DIR", cacheDirectory.getAbsolutePath());
    for (String target : targets()) {
      Path dll = outputDirectory.toPath().resolve(where.path(target, libraryName));
      List<String> flags = new ArrayList<>(compilerFlags == null ? List.of() : compilerFlags);
      if (staticRuntime) flags.add("-static");
      if (linker.equals("lld")) flags.add("-fuse-ld=lld");
      List<Path> inputs = new ArrayList<>(files);
      if (Layout.arch(target).equals("x86")) {
        Path def = stdcallExports(target);
        if (def != null) inputs.add(def);
      }
      List<Path> includeDirs = new ArrayList<>(List.of(include));
      if (headerDirectory.isDirectory()) includeDirs.add(headerDirectory.toPath());
      if (includes != null) for (File f : includes) includeDirs.add(f.toPath());
      try {
        Files.createDirectories(dll.getParent());
      } catch (IOException e) {
        throw new MojoExecutionException("jwin: cannot create " + dll.getParent() + ": " + e.getMessage(), e);
      }
      Result r = Jwin.compile(new CompileRequest(target, inputs, dll, true, includeDirs,
          defines == null ? Map.of() : defines, flags, libraries == null ? List.of() : libraries, env));
      // What the driver printed: with JWIN_CC_TIME set, the time of each step it ran; otherwise only for -X.
      if (!r.output().isBlank()) {
        if (env.containsKey("JWIN_CC_TIME")) getLog().info(r.output().strip());
        else getLog().debug(r.output().strip());
      }
      report(r);
      if (!r.ok()) {
        Diagnostic first = r.errors().isEmpty() ? null : r.errors().getFirst();
        throw new MojoFailureException("jwin: building " + dll.getFileName() + " for " + target + " failed"
            + (first == null ? "" : ": " + first));
      }
      getLog().info("jwin: " + basedir.toPath().relativize(dll) + " (" + target + ")");
    }
    // CPU time too: on a busy machine the wall time says more about the machine than about the goal.
    getLog().info(String.format("jwin: jni goal took %.1f ms (%.1f ms CPU)", (System.nanoTime() - start) / 1e6,
        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1e6));
  }

  private List<String> targets() {
    return targets == null || targets.isEmpty() ? List.of("x86_64-windows-gnu") : targets;
  }

  private List<File> sourceDirs() {
    if (sources != null && !sources.isEmpty()) return sources;
    return List.of(new File(basedir, "src/main/c"), new File(basedir, "src/main/cpp"));
  }

  /** Every C/C++ file under the source directories, sorted; a configured directory that is missing is an error. */
  private List<Path> sourceFiles() throws MojoFailureException, MojoExecutionException {
    boolean configured = sources != null && !sources.isEmpty();
    List<Path> files = new ArrayList<>();
    for (File dir : sourceDirs()) {
      if (!dir.isDirectory()) {
        if (configured) throw new MojoFailureException("jwin: source directory " + dir + " does not exist");
        continue;
      }
      try (Stream<Path> s = Files.walk(dir.toPath())) {
        s.filter(p -> SOURCE_SUFFIXES.stream().anyMatch(x -> p.getFileName().toString().endsWith(x)))
            .sorted().forEach(files::add);
      } catch (IOException e) {
        throw new MojoExecutionException("jwin: cannot read " + dir + ": " + e.getMessage(), e);
      }
    }
    return files;
  }

  /**
   * The plugin's own jni.h and Windows jni_md.h, in target/jwin/include; rewritten only when they differ, so
   * an unchanged build stays a cache hit.
   */
  private Path bundledHeaders() throws MojoExecutionException {
    Path dir = workDirectory.toPath().resolve("include");
    for (String name : List.of("jni.h", "jni_md.h")) {
      try (InputStream in = JniMojo.class.getResourceAsStream("include/" + name)) {
        if (in == null) throw new MojoExecutionException("jwin: " + name + " is missing from the plugin");
        writeIfChanged(dir.resolve(name), in.readAllBytes());
      } catch (IOException e) {
        throw new MojoExecutionException("jwin: cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
      }
    }
    return dir;
  }

  /** i686: a .def exporting each Java_* function of the JNI headers both undecorated and decorated. */
  private Path stdcallExports(String target) throws MojoExecutionException {
    if (!headerDirectory.isDirectory()) return null;
    try (Stream<Path> s = Files.list(headerDirectory.toPath())) {
      List<String> headers = new ArrayList<>();
      for (Path h : s.filter(p -> p.toString().endsWith(".h")).sorted().toList()) headers.add(Files.readString(h));
      String def = StdcallExports.def(headers);
      if (def == null) return null;
      Path p = workDirectory.toPath().resolve(target).resolve(libraryName + ".def");
      writeIfChanged(p, def.getBytes(StandardCharsets.UTF_8));
      return p;
    } catch (IOException e) {
      throw new MojoExecutionException("jwin: cannot read " + headerDirectory + ": " + e.getMessage(), e);
    }
  }

  private static void writeIfChanged(Path p, byte[] bytes) throws IOException {
    if (Files.isRegularFile(p) && Arrays.equals(Files.readAllBytes(p), bytes)) return;
    Files.createDirectories(p.getParent());
    dev.jwin.io.AtomicFile.write(p, bytes, false);
  }

  /** Compiler and linker diagnostics as Maven messages: {@code file:line:column: error: message}. */
  private void report(Result r) {
    for (Diagnostic d : r.diagnostics()) {
      switch (d.severity()) {
        case ERROR -> getLog().error(d.toString());
        case WARNING -> getLog().warn(d.toString());
        case NOTE -> getLog().info(d.toString());
      }
    }
  }
}
