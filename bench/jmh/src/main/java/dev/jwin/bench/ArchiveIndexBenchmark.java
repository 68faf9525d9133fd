package dev.jwin.bench;

import dev.jwin.archive.ArchiveIndex;
import dev.jwin.archive.ArchiveReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The archive indexes of the mingw-w64 runtime libraries every mingw link reads (libmingwex.a,
 * libmsvcrt.a, libkernel32.a, ...: about 12000 index entries), as the linker meets them.
 *
 * <ul>
 *   <li>{@code index}: {@link ArchiveIndex} of every archive (hash table over the index's name bytes):
 *       what a link does per archive.
 *   <li>{@code lookup}: 4000 names (every third index entry, and as many names no archive has) looked up
 *       in every archive in order until one has it: what the symbol table does for each new name.
 *   <li>{@code symbolPerEntry}: a String and an object per index entry in a {@code HashMap} (first entry
 *       of a name wins): how the index entered the symbol table before {@link ArchiveIndex}.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class ArchiveIndexBenchmark {
  static final String[] LIBS = {
    LinkBenchmark.M + "/libmingw32.a", LinkBenchmark.G + "/libgcc.a", LinkBenchmark.M + "/libmingwex.a",
    LinkBenchmark.M + "/libmsvcrt.a", LinkBenchmark.M + "/libadvapi32.a", LinkBenchmark.M + "/libshell32.a",
    LinkBenchmark.M + "/libuser32.a", LinkBenchmark.M + "/libkernel32.a"};

  private final List<ArchiveReader> readers = new ArrayList<>();

  @Setup(Level.Trial)
  public void setup() {
    for (String lib : LIBS) readers.add(new ArchiveReader(lib, CoffReadBenchmark.map(Path.of(lib))));
  }

  /** The indexes and the names to look up (a state of its own: symbolPerEntry also runs on jars without ArchiveIndex). */
  @State(Scope.Benchmark)
  public static class Lookups {
    ArchiveIndex[] indexes;
    String[] names;

    @Setup(Level.Trial)
    public void setup(ArchiveIndexBenchmark b) {
      indexes = b.readers.stream().map(ArchiveReader::index).toArray(ArchiveIndex[]::new);
      List<String> n = new ArrayList<>();
      for (ArchiveIndex x : indexes)
        for (int e = 0; e < x.size() && n.size() < 4000; e += 3) n.add(x.name(e));
      for (int i = n.size(); i > 0; i--) n.add("__missing_" + i);
      names = n.toArray(String[]::new);
    }
  }

  @Benchmark
  public int index() {
    int n = 0;
    for (ArchiveReader r : readers) n += r.index().size();
    return n;
  }

  @Benchmark
  public long lookup(Lookups l) {
    long found = 0;
    for (String name : l.names) {
      for (ArchiveIndex x : l.indexes) {
        int e = x.find(name);
        if (e >= 0) {
          found += x.memberOffset(e);
          break;
        }
      }
    }
    return found;
  }

  /** One per index entry, as the symbol table kept lazy symbols. */
  record Lazy(ArchiveReader archive, long member) {}

  @Benchmark
  public int symbolPerEntry() {
    Map<String, Lazy> map = new HashMap<>(1 << 16);
    for (ArchiveReader r : readers) r.forEachSymbol((s, off) -> map.putIfAbsent(s, new Lazy(r, off)));
    return map.size();
  }
}
