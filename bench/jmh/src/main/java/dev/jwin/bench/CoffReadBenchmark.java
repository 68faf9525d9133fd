package dev.jwin.bench;

import dev.jwin.archive.ArchiveReader;
import dev.jwin.coff.Bytes;
import dev.jwin.coff.CoffObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reads every object of a generated link input (bench/out/large by default: loose objects plus the
 * members of its archives) with jwin's COFF reader. The files are mapped once per trial; each
 * invocation reads all objects.
 *
 * <ul>
 *   <li>{@code parse}: header and table validation only ({@link CoffObject#parse}).
 *   <li>{@code readTables}: parse, then every section header (name, relocation count) and every
 *       symbol (name, value, section, storage class), skipping aux records: what a linker does when
 *       it loads an object.
 *   <li>{@code readRelocations}: parse, then walk all relocation records of all sections.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class CoffReadBenchmark {

  /** Directory of a generated input (with obj/ and lib/), relative to the repository root or absolute. */
  @Param({"bench/out/large"})
  public String input;

  private final List<String> names = new ArrayList<>();
  private final List<Bytes> objects = new ArrayList<>();
  private long bytes;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    Path dir = resolve(input);
    List<Path> loose, archives;
    try (Stream<Path> s = Files.list(dir.resolve("obj"))) {
      loose = s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
    }
    try (Stream<Path> s = Files.list(dir.resolve("lib"))) {
      archives = s.filter(p -> p.toString().endsWith(".a")).sorted().toList();
    }
    // Objects that are also archive members are read once, from the archive.
    java.util.Set<String> inArchives = new java.util.HashSet<>();
    for (Path a : archives) {
      ArchiveReader ar = new ArchiveReader(a.toString(), map(a));
      ar.forEachMember(m -> {
        inArchives.add(m.name());
        names.add(a + "(" + m.name() + ")");
        objects.add(m.data());
      });
    }
    for (Path p : loose) {
      if (inArchives.contains(p.getFileName().toString())) continue;
      names.add(p.toString());
      objects.add(map(p));
    }
    for (Bytes m : objects) bytes += m.byteSize();
    System.err.printf("%n%s: %d objects, %d bytes%n", dir, objects.size(), bytes);
  }

  static Path resolve(String input) {
    Path p = Path.of(input);
    if (p.isAbsolute()) return p;
    String root = System.getProperty("jwin.root");
    if (root != null) return Path.of(root).resolve(p);
    // Run from the repository root or from bench/jmh.
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent())
      if (Files.isDirectory(d.resolve(p))) return d.resolve(p);
    throw new IllegalStateException(input + " not found: generate it with bench/run or java bench/GenLarge.java");
  }

  /** The bytes of {@code p}. */
  static Bytes map(Path p) {
    try {
      return Bytes.read(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Benchmark
  public void parse(Blackhole bh) {
    for (int i = 0; i < objects.size(); i++) bh.consume(CoffObject.parse(names.get(i), objects.get(i)));
  }

  @Benchmark
  public long readTables() {
    long h = 0;
    for (int i = 0; i < objects.size(); i++) {
      CoffObject o = CoffObject.parse(names.get(i), objects.get(i));
      for (int s = 0; s < o.numberOfSections; s++)
        h = h * 31 + o.sectionName(s).hashCode() + o.numberOfRelocations(s);
      for (int k = 0; k < o.numberOfSymbols; k += 1 + o.numberOfAuxSymbols(k))
        h = h * 31 + o.symbolName(k).hashCode() + o.symbolValue(k) + o.symbolSectionNumber(k) + o.storageClass(k);
    }
    return h;
  }

  @Benchmark
  public long readRelocations() {
    long h = 0;
    for (int i = 0; i < objects.size(); i++) {
      CoffObject o = CoffObject.parse(names.get(i), objects.get(i));
      Bytes d = o.data;
      for (int s = 0; s < o.numberOfSections; s++) {
        long p = o.relocationsStart(s);
        for (long r = o.relocationCount(s); r > 0; r--, p += CoffObject.RELOCATION_SIZE)
          h = h * 31 + CoffObject.relocVirtualAddress(d, p) + CoffObject.relocSymbol(d, p) + CoffObject.relocType(d, p);
      }
    }
    return h;
  }
}
