package dev.jwin.bench;

import dev.jwin.link.Driver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole {@code jwin link} in-process, with the mingw link line of bench/run, repeated in one
 * JVM: the steady-state cost of a link without JVM start-up and JIT warm-up (compare with bench/run,
 * which measures fresh processes). Useful with JMH's profilers, e.g. {@code -prof gc} or
 * {@code -prof stack}. The scenario's input must exist (bench/run or bench/gen-large creates it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xss8m"})
public class LinkBenchmark {

  /** A directory under bench/out holding objects.rsp: large, medium, hello, large-debug. */
  @Param({"large"})
  public String scenario;

  private String[] args;
  private Path output;

  static final String M = "/usr/x86_64-w64-mingw32/lib";
  static final String G = "/usr/lib/gcc/x86_64-w64-mingw32/12-win32";

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Path dir = CoffReadBenchmark.resolve("bench/out/" + scenario);
    Path rsp = dir.resolve("objects.rsp");
    if (!Files.exists(rsp)) throw new IllegalStateException(rsp + " missing: run bench/run -s " + scenario + " first");
    output = Files.createTempFile("jwin-jmh-", ".exe");
    List<String> a = new ArrayList<>(List.of("-lldmingw", "-out:" + output, "-debug:dwarf", "-WX:no", "-opt:noref",
        "-demangle", "-auto-import", "-runtime-pseudo-reloc", "-opt:noicf", "-machine:x64",
        "-alternatename:__image_base__=__ImageBase", "-libpath:" + M, "-libpath:" + G, M + "/crt2.o", M + "/crtbegin.o",
        "@" + rsp));
    for (String lib : new String[] {"libmingw32.a", "libgcc.a", "libgcc_eh.a", "libmoldname.a", "libmingwex.a",
        "libmsvcrt.a", "libadvapi32.a", "libshell32.a", "libuser32.a", "libkernel32.a", "libmingw32.a", "libgcc.a",
        "libgcc_eh.a", "libmoldname.a", "libmingwex.a", "libmsvcrt.a", "libkernel32.a"})
      a.add((lib.startsWith("libgcc") ? G : M) + "/" + lib);
    a.add(M + "/crtend.o");
    args = a.toArray(String[]::new);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(output);
  }

  @Benchmark
  public int link() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int rc = Driver.main(args.clone(), ps, ps);
    if (rc != 0) throw new IllegalStateException("jwin link failed (" + rc + "): " + buf.toString(StandardCharsets.UTF_8));
    return rc;
  }
}
