// Generates a large, realistic x86_64-w64-windows-gnu link input for the linker benchmarks.
//
//   java bench/GenLarge.java [--count N] [--out DIR] [--shapes K] [--funcs F] [--fanout M]
//                            [--archives A] [--archive-percent P] [--unused-percent U] [--debug]
//                            [--jobs J] [--batch B] [--seed S] [--clang PATH] [--ar PATH] [--force]
//
// Output (under DIR, default bench/out/large):
//   src/            generated C++ sources (shared.h, s_NNNNN.cpp shapes, unused.cpp, main.cpp)
//   shapes/         shape objects compiled by clang
//   obj/            the N objects of the link (o_NNNNN.o), unused archive members, main.o
//   lib/            static archives holding part of the objects (plus never-referenced members)
//   objects.rsp     response file: main object, loose objects, archives (absolute paths)
//   info.txt        input statistics (object count, archive count, bytes)
//   stamp           parameters of the last complete generation; a rerun with the same
//                   parameters and all outputs present does nothing
//
// The sources are C++ compiled with -fno-exceptions -fno-rtti, so the program links with the
// plain C mingw link line (no libstdc++). Each object has: several extern "C" functions calling
// functions of other objects (REL32), static helpers, .data tables of pointers (ADDR64, base
// relocations), .rdata string tables, string literals, .bss, a class with a vtable, uses of
// inline functions / templates / inline and selectany variables from a shared header (COMDAT
// sections with associative .pdata/.xdata, .refptr stubs for extern data), unwind info
// (.pdata/.xdata), calls into DLLs (kernel32 through __imp_ with dllimport, msvcrt through
// import thunks). Some objects are compiled with -ffunction-sections -fdata-sections, some
// have dynamic initializers (.ctors), a few use thread-local storage (.tls$). With --debug,
// objects carry DWARF (.debug_*).
//
// Objects in archives are referenced only from other objects' calls, so they are loaded lazily
// (transitively); main references the roots of the loose objects only.
//
// Speed: compiling thousands of C++ files with clang takes minutes on a small machine, so by
// default only K "shapes" (default 96) are compiled. A shape's symbol names carry fixed-width
// placeholders (_Q0000 = the object itself, _Q0001.. = the objects it calls); each of the N
// objects is a copy of shape (i mod K) whose COFF symbol/string table has the placeholders
// replaced by 5-digit object numbers (same length, so nothing else moves). The objects are thus
// genuine clang output with distinct names and a varied call graph. --shapes 0 compiles every
// object from its own source instead (slow, same structure).

import java.io.*;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

public class GenLarge {
    static final int GEN_VERSION = 5; // bump when the generated code changes

    int count = 3000, shapes = 96, funcs = 8, fanout = 3, archives = 4, archivePercent = 33, unusedPercent = 3;
    int jobs = Runtime.getRuntime().availableProcessors(), batch = 8;
    long seed = 1;
    boolean debug = false, force = false;
    Path out = Path.of("bench/out/large");
    String clang = "clang++-14", ar = "llvm-ar-14";

    // Derived layout.
    int firstArchived;   // objects [firstArchived, count) go into archives
    int unused;          // extra never-referenced archive members
    boolean fullMode;    // one source per object, no renaming
    final int sharedFns = 48, templates = 64;

    public static void main(String[] args) throws Exception {
        GenLarge g = new GenLarge();
        g.parse(args);
        g.run();
    }

    void parse(String[] a) {
        for (int i = 0; i < a.length; i++) {
            String s = a[i];
            switch (s) {
                case "--count" -> count = Integer.parseInt(a[++i]);
                case "--shapes" -> shapes = Integer.parseInt(a[++i]);
                case "--funcs" -> funcs = Integer.parseInt(a[++i]);
                case "--fanout" -> fanout = Integer.parseInt(a[++i]);
                case "--archives" -> archives = Integer.parseInt(a[++i]);
                case "--archive-percent" -> archivePercent = Integer.parseInt(a[++i]);
                case "--unused-percent" -> unusedPercent = Integer.parseInt(a[++i]);
                case "--jobs" -> jobs = Integer.parseInt(a[++i]);
                case "--batch" -> batch = Integer.parseInt(a[++i]);
                case "--seed" -> seed = Long.parseLong(a[++i]);
                case "--out" -> out = Path.of(a[++i]);
                case "--clang" -> clang = a[++i];
                case "--ar" -> ar = a[++i];
                case "--debug" -> debug = true;
                case "--force" -> force = true;
                case "-h", "--help" -> {
                    System.out.println("usage: java bench/GenLarge.java [--count N] [--out DIR] [--shapes K (0: compile"
                            + " every object)] [--funcs F] [--fanout M] [--archives A] [--archive-percent P]"
                            + " [--unused-percent U] [--debug] [--jobs J] [--batch B] [--seed S] [--clang PATH]"
                            + " [--ar PATH] [--force]");
                    System.exit(0);
                }
                default -> die("unknown option " + s);
            }
        }
        if (count < 2 || count > 99999 || funcs < 1 || fanout < 1 || funcs * fanout > 9000 || shapes < 0)
            die("bad parameters");
        fullMode = shapes == 0 || shapes >= count;
        if (fullMode) shapes = count;
        if (archives < 0) archives = 0;
        int archived = archives == 0 ? 0 : Math.min(count - 1, count * archivePercent / 100);
        firstArchived = count - archived;
        unused = archives == 0 ? 0 : Math.max(1, count * unusedPercent / 100);
    }

    static void die(String m) {
        System.err.println("gen-large: " + m);
        System.exit(2);
    }

    String params() {
        return "v" + GEN_VERSION + " count=" + count + " shapes=" + shapes + " funcs=" + funcs + " fanout=" + fanout
                + " archives=" + archives + " archivePercent=" + archivePercent + " unusedPercent=" + unusedPercent
                + " debug=" + debug + " seed=" + seed + " clang=" + clang;
    }

    // ---------------------------------------------------------------- deterministic choices

    long mix(long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    int pick(long a, long b, int n) {
        return (int) Long.remainderUnsigned(mix(a, b), n);
    }

    int shapeOf(int i) { return i % shapes; }

    // Slots: 0 = the object itself, 1 + k*fanout + m = callee object of call m in function k,
    // extSlot = object whose data this one reads.
    int slotCount() { return 2 + funcs * fanout; }
    int callSlot(int k, int m) { return 1 + k * fanout + m; }
    int extSlot() { return 1 + funcs * fanout; }

    /** Function index called by call site m of function k in shape s. */
    int calleeFn(int s, int k, int m) {
        if (k == 0 && m == 0) return 0;
        return pick(s * 31L + k, m + 1000, funcs);
    }

    /**
     * The object numbers for the slots of object i. Call k=0,m=0 goes to object i+1, which
     * guarantees every object is referenced; the others are pseudo-random. Within one object,
     * no two call slots with the same callee function name the same object and none names the
     * object itself, so each object has distinct symbol names (as a compiler would emit).
     */
    int[] slotValues(int i) {
        int s = shapeOf(i);
        int[] v = new int[slotCount()];
        v[0] = i;
        Set<Long> used = new HashSet<>();
        for (int k = 0; k < funcs; k++)
            for (int m = 0; m < fanout; m++) {
                int f = calleeFn(s, k, m);
                int j = (k == 0 && m == 0) ? (i + 1) % count : pick(i * 131L + k, m + 7, count);
                for (int tries = 0; tries < count; tries++) {
                    if (j != i && !used.contains((long) f * count + j)) break;
                    j = (j + 1) % count;
                }
                used.add((long) f * count + j);
                v[callSlot(k, m)] = j;
            }
        int e = pick(i, 77, count);
        v[extSlot()] = e == i ? (i + 1) % count : e;
        return v;
    }

    boolean functionSections(int s) { return s % 3 == 1; }
    boolean dynInit(int s) { return s % 10 == 4; }
    boolean usesTls(int s) { return s % 32 == 5; }

    int sharedFnOf(int s, int k) { return pick(s, k + 5000, sharedFns); }
    int templateOf(int s, int k) { return pick(s, k + 6000, templates); }
    int dataInit(int s, int n) { return (int) (mix(s, n + 9000) & 0xffff); }
    int gdataSize(int s) { return 16 << (s % 4); }          // 16..128 ints
    int gbssSize(int s) { return 64 << (s % 5); }           // 64..1024 ints
    int namesCount(int s) { return 3 + s % 6; }

    static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
            "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra",
            "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"};

    String name(int s, int n) {
        StringBuilder sb = new StringBuilder();
        int words = 1 + pick(s, n + 12000, 4);
        for (int w = 0; w < words; w++) {
            if (w > 0) sb.append('_');
            sb.append(WORDS[pick(s, n * 8L + w + 13000, WORDS.length)]);
        }
        sb.append('_').append(s).append('_').append(n);
        return sb.toString();
    }

    static String num(int i) { return String.format("%05d", i); }
    static String placeholder(int slot) { return String.format("Q%04d", slot); }

    // ---------------------------------------------------------------- source generation

    String sharedHeader() {
        StringBuilder s = new StringBuilder();
        s.append("// Generated by bench/GenLarge.java. Shared inline code and data: COMDAT sections.\n");
        s.append("#pragma once\n");
        s.append("extern \"C\" unsigned long long strlen(const char*);\n");
        s.append("extern \"C\" int strcmp(const char*, const char*);\n");
        s.append("extern \"C\" __declspec(dllimport) int lstrlenA(const char*);\n");
        s.append("inline const char* const shared_names[8] = {\"shared-zero\", \"shared-one\", \"shared-two\", "
                + "\"shared-three\", \"shared-four\", \"shared-five\", \"shared-six\", \"shared-seven\"};\n");
        s.append("__attribute__((selectany)) int shared_table[16] = {");
        for (int n = 0; n < 16; n++) s.append(n > 0 ? ", " : "").append(n * 7 + 3);
        s.append("};\n");
        s.append("inline int shared_counter = 11;\n");
        for (int f = 0; f < sharedFns; f++) {
            s.append("__attribute__((noinline)) inline int shared_fn_").append(f).append("(int x) {\n");
            s.append("  int r = x * ").append(f * 2 + 1).append(" + shared_table[(x + ").append(f).append(") & 15];\n");
            if (f % 3 == 0) s.append("  r += (int)strlen(shared_names[(x >> 2) & 7]);\n");
            if (f % 4 == 1) s.append("  for (int n = 0; n < (x & 3); n++) r = r * 3 + n;\n");
            s.append("  return r ^ ").append(f * 0x101).append(";\n}\n");
        }
        s.append("template <int N> inline const int tmpl_tbl[4] = {N, N * 3, N ^ 5, N + 17};\n");
        s.append("template <int N> __attribute__((noinline)) int tmpl_fn(int x) {\n");
        s.append("  return x * N + tmpl_tbl<N>[x & 3] + shared_counter;\n}\n");
        s.append("struct Shape {\n  int scale;\n  constexpr Shape(int s) : scale(s) {}\n");
        s.append("  virtual int area(int x) { return x * scale; }\n");
        s.append("  virtual int perimeter(int x) { return x + scale; }\n};\n");
        return s.toString();
    }

    /**
     * Source of shape s; slot names a slot (0 = self) in symbol names: a placeholder in shape
     * mode, the real 5-digit object number in full mode.
     */
    String objectSource(int s, java.util.function.IntFunction<String> slot) {
        String I = slot.apply(0);
        int nd = gdataSize(s), nb = gbssSize(s), nn = namesCount(s);
        StringBuilder o = new StringBuilder(8192);
        o.append("// Generated by bench/GenLarge.java: shape ").append(s).append(".\n");
        o.append("#include \"shared.h\"\n");
        // Declarations of callees and external data.
        TreeSet<String> decls = new TreeSet<>();
        for (int k = 0; k < funcs; k++)
            for (int m = 0; m < fanout; m++)
                decls.add("extern \"C\" int fn_" + slot.apply(callSlot(k, m)) + "_" + calleeFn(s, k, m) + "(int d, int x);");
        String ext = slot.apply(extSlot());
        decls.add("extern \"C\" int gdata_" + ext + "[];");
        for (String d : decls) o.append(d).append('\n');

        o.append("extern \"C\" {\n");
        o.append("int gdata_").append(I).append("[").append(nd).append("] = {");   // .data
        for (int n = 0; n < nd; n++) o.append(n % 16 == 0 ? "\n  " : " ").append(dataInit(s, n)).append(',');
        o.append("\n};\n");
        o.append("int gbss_").append(I).append("[").append(nb).append("];\n");       // .bss
        o.append("const char* const names_").append(I).append("[").append(nn).append("] = {"); // .rdata + ADDR64
        for (int n = 0; n < nn; n++) o.append(n > 0 ? ", " : "").append('"').append(name(s, n)).append('"');
        o.append("};\n");
        o.append("}\n");
        if (usesTls(s)) o.append("static __thread int tls_count_").append(I).append(" = ").append(s % 13).append(";\n");

        // A class with a key function: vtable in this object.
        o.append("struct Shape_").append(I).append(" : Shape {\n  constexpr Shape_").append(I)
                .append("(int s) : Shape(s) {}\n  int area(int x) override;\n};\n");
        o.append("int Shape_").append(I).append("::area(int x) { return x * scale + ").append(s % 251).append("; }\n");
        o.append("static Shape_").append(I).append(" shape_").append(I).append("(").append(s % 17 + 1).append(");\n");
        o.append("Shape* volatile shape_ptr_").append(I).append(" = &shape_").append(I).append(";\n");

        // Static helpers.
        o.append("static int helper_a(int x) {\n  int r = x;\n");
        o.append("  for (int n = 0; n < (x & 7); n++) r = r * 5 + gdata_").append(I).append("[(n + x) & ")
                .append(nd - 1).append("];\n");
        o.append("  return r;\n}\n");
        o.append("static int helper_b(int x, int k) {\n");
        o.append("  const char* nm = names_").append(I).append("[(x + k) % ").append(nn).append("];\n");
        o.append("  return (int)strlen(nm) + nm[0] + k;\n}\n");

        o.append("extern \"C\" {\n");
        // Function pointer table in .data: ADDR64 relocations to text, data and rdata.
        for (int k = 0; k < funcs; k++) o.append("int fn_").append(I).append('_').append(k).append("(int d, int x);\n");
        o.append("void* ptrs_").append(I).append("[] = {");
        for (int k = 0; k < funcs; k++) o.append("(void*)&fn_").append(I).append('_').append(k).append(", ");
        o.append("(void*)gdata_").append(I).append(", (void*)names_").append(I).append(", (void*)\"literal-")
                .append(s).append("\"};\n");

        for (int k = 0; k < funcs; k++) {
            o.append("int fn_").append(I).append('_').append(k).append("(int d, int x) {\n");
            o.append("  int r = x ^ ").append(mix(s, k) & 0x7fff).append(";\n");
            o.append("  r += gdata_").append(I).append("[(x + ").append(k).append(") & ").append(nd - 1)
                    .append("] + gbss_").append(I).append("[").append(k).append("];\n");
            o.append("  r += helper_b(x, ").append(k).append(");\n");
            if (k % 2 == 0) o.append("  r += helper_a(r);\n");
            if (k == 1 % funcs) o.append("  r += gdata_").append(ext).append("[x & 15];\n");
            if (k % 3 == 0) o.append("  r += shared_fn_").append(sharedFnOf(s, k)).append("(r);\n");
            if (k % 3 == 1) o.append("  r += tmpl_fn<").append(templateOf(s, k)).append(">(r);\n");
            if (k % 4 == 2) o.append("  r += shape_ptr_").append(I).append("->area(x) + shape_ptr_").append(I)
                    .append("->perimeter(x);\n");
            if (k == 3 % funcs && s % 5 == 2) o.append("  r += lstrlenA(names_").append(I).append("[x % ").append(nn)
                    .append("]);\n");
            if (k == 3 % funcs && s % 5 == 3) o.append("  r += strcmp(names_").append(I).append("[x % ").append(nn)
                    .append("], shared_names[x & 7]) < 0;\n");
            if (k == 0 && usesTls(s)) o.append("  r += tls_count_").append(I).append("++;\n");
            o.append("  if (d > 0) {\n");
            for (int m = 0; m < fanout; m++)
                o.append("    r += fn_").append(slot.apply(callSlot(k, m))).append('_').append(calleeFn(s, k, m))
                        .append("(d - 1, (r >> ").append(m * 3).append(") & 1023);\n");
            o.append("  }\n");
            o.append("  gbss_").append(I).append("[").append(k).append("] += r & 255;\n");
            o.append("  return r;\n}\n");
        }
        o.append("int root_").append(I).append("(int d) {\n  int r = 0;\n");
        o.append("  for (int k = 0; k < ").append(funcs).append("; k++) r += ((int (*)(int, int))ptrs_").append(I)
                .append("[k])(d, (k * 17 + r) & 1023);\n");
        o.append("  r += (int)strlen((const char*)ptrs_").append(I).append("[").append(funcs + 2).append("]);\n");
        o.append("  return r;\n}\n");
        o.append("}\n");
        if (dynInit(s)) {
            o.append("static int dyn_init_").append(I).append(" = fn_").append(I).append("_0(0, ").append(s % 100)
                    .append(");\n");
            o.append("extern \"C\" int dyn_value_").append(I).append("() { return dyn_init_").append(I).append("; }\n");
        }
        return o.toString();
    }

    String unusedSource(String U) {
        StringBuilder s = new StringBuilder();
        s.append("// Generated by bench/GenLarge.java: archive member nobody references.\n");
        s.append("#include \"shared.h\"\n");
        s.append("extern \"C\" {\nint unused_data_").append(U).append("[32] = {7};\n");
        s.append("const char* const unused_names_").append(U).append("[] = {\"unused\", \"never-loaded\"};\n");
        s.append("int unused_fn_").append(U).append("(int x) { return shared_fn_3(x) + unused_data_").append(U)
                .append("[x & 31] + (int)strlen(unused_names_").append(U).append("[x & 1]); }\n}\n");
        return s.toString();
    }

    String mainSource() {
        StringBuilder s = new StringBuilder();
        s.append("// Generated by bench/GenLarge.java: entry point.\n");
        s.append("extern \"C\" int printf(const char*, ...);\n");
        s.append("extern \"C\" {\n");
        for (int i = 0; i < firstArchived; i++) s.append("int root_").append(num(i)).append("(int d);\n");
        for (int i = 0; i < count; i++)
            if (dynInit(shapeOf(i))) s.append("int dyn_value_").append(num(i)).append("();\n");
        s.append("}\n");
        s.append("static int (*const roots[])(int) = {");
        for (int i = 0; i < firstArchived; i++) s.append(i % 8 == 0 ? "\n  " : " ").append("root_").append(num(i)).append(',');
        s.append("\n};\n");
        s.append("int main() {\n  unsigned sum = 0, dyn = 0;\n");
        s.append("  for (unsigned i = 0; i < sizeof roots / sizeof roots[0]; i++) sum = sum * 31 + (unsigned)roots[i](2);\n");
        for (int i = 0; i < count; i++)
            if (dynInit(shapeOf(i))) s.append("  dyn = dyn * 7 + (unsigned)dyn_value_").append(num(i)).append("();\n");
        s.append("  printf(\"objects %d roots %d\\n\", ").append(count).append(", (int)(sizeof roots / sizeof roots[0]));\n");
        s.append("  printf(\"checksum %08x dyn %08x\\n\", sum, dyn);\n");
        s.append("  return (int)(sum & 63);\n}\n");
        return s.toString();
    }

    // ---------------------------------------------------------------- COFF renaming

    /** Replaces "_Qdddd" placeholders in the symbol and section names of a COFF object. */
    static byte[] rename(byte[] b, int[] slotValues) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if ((bb.getShort(0) & 0xffff) != 0x8664) throw new IllegalArgumentException("not an x86_64 COFF object");
        int nsec = bb.getShort(2) & 0xffff, symPtr = bb.getInt(8), nsym = bb.getInt(12), opt = bb.getShort(16) & 0xffff;
        for (int k = 0; k < nsec; k++) patch(b, 20 + opt + 40 * k, 8, slotValues);
        for (int k = 0; k < nsym; ) {
            int off = symPtr + 18 * k;
            if (bb.getInt(off) != 0) patch(b, off, 8, slotValues);
            k += 1 + (b[off + 17] & 0xff);
        }
        int strtab = symPtr + 18 * nsym;
        patch(b, strtab + 4, bb.getInt(strtab) - 4, slotValues);
        return b;
    }

    static void patch(byte[] b, int off, int len, int[] slotValues) {
        for (int p = off; p + 6 <= off + len; p++) {
            if (b[p] != '_' || b[p + 1] != 'Q') continue;
            int slot = 0;
            boolean ok = true;
            for (int d = 2; d < 6; d++) {
                int c = b[p + d];
                if (c < '0' || c > '9') { ok = false; break; }
                slot = slot * 10 + (c - '0');
            }
            if (!ok || slot >= slotValues.length) continue;
            byte[] digits = num(slotValues[slot]).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(digits, 0, b, p + 1, 5);
            p += 5;
        }
    }

    // ---------------------------------------------------------------- build

    static boolean writeIfChanged(Path p, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(p) && Arrays.equals(Files.readAllBytes(p), b)) return false;
        Files.write(p, b);
        return true;
    }

    static String objName(int i) { return "o_" + num(i); }
    static String unusedName(int u) { return "u_" + num(u); }
    static String shapeName(int s) { return "s_" + num(s); }

    void run() throws Exception {
        out = out.toAbsolutePath().normalize();
        Path stamp = out.resolve("stamp"), rsp = out.resolve("objects.rsp");
        if (!force && Files.exists(stamp) && Files.readString(stamp).equals(params() + "\n") && Files.exists(rsp)
                && Files.exists(out.resolve("info.txt"))) {
            System.err.println("gen-large: " + out + " is up to date");
            return;
        }
        long t0 = System.nanoTime();
        Path src = out.resolve("src"), shp = out.resolve("shapes"), obj = out.resolve("obj"), lib = out.resolve("lib");
        for (Path d : List.of(src, shp, obj, lib)) Files.createDirectories(d);
        Files.deleteIfExists(stamp);

        // Sources: one per shape (or per object in full mode), the unused member, main.
        boolean headerChanged = writeIfChanged(src.resolve("shared.h"), sharedHeader());
        List<String> units = new ArrayList<>();
        Map<String, Boolean> fsec = new HashMap<>();
        for (int s = 0; s < shapes; s++) {
            int[] v = fullMode ? slotValues(s) : null;
            String text = objectSource(s, fullMode ? (slot -> num(v[slot])) : GenLarge::placeholder);
            writeIfChanged(src.resolve(shapeName(s) + ".cpp"), text);
            units.add(shapeName(s));
            fsec.put(shapeName(s), functionSections(s));
        }
        writeIfChanged(src.resolve("unused.cpp"), unusedSource(placeholder(0)));
        units.add("unused");
        writeIfChanged(src.resolve("main.cpp"), mainSource());
        units.add("main");
        Set<String> keep = new HashSet<>(units);
        deleteStale(src, "*.cpp", keep);
        deleteStale(shp, "*.o", keep);

        // Compile what is stale, in batches, grouped by flag set.
        Map<Boolean, List<String>> todo = new TreeMap<>();
        for (String u : units) {
            Path c = src.resolve(u + ".cpp"), o = shp.resolve(u + ".o");
            if (headerChanged || !Files.exists(o)
                    || Files.getLastModifiedTime(o).compareTo(Files.getLastModifiedTime(c)) < 0)
                todo.computeIfAbsent(fsec.getOrDefault(u, false), x -> new ArrayList<>()).add(u);
        }
        int total = todo.values().stream().mapToInt(List::size).sum();
        System.err.println("gen-large: " + count + " objects from " + shapes + " shapes (+" + unused
                + " unused, +main); compiling " + total + " sources with " + clang + " on " + jobs + " jobs");
        ExecutorService ex = Executors.newFixedThreadPool(Math.max(1, jobs));
        List<Future<?>> fs = new ArrayList<>();
        for (var e : todo.entrySet()) {
            List<String> l = e.getValue();
            for (int b = 0; b < l.size(); b += batch) {
                List<String> chunk = l.subList(b, Math.min(l.size(), b + batch));
                boolean fs1 = e.getKey();
                fs.add(ex.submit(() -> { compile(src, shp, chunk, fs1); return null; }));
            }
        }
        ex.shutdown();
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException ee) {
                ex.shutdownNow();
                die(ee.getCause().getMessage());
            }
        }
        long t1 = System.nanoTime();

        // Objects: renamed copies of the shapes.
        Set<String> objs = new HashSet<>();
        Map<Integer, byte[]> shapeBytes = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int s = shapeOf(i);
            byte[] b = shapeBytes.computeIfAbsent(s, x -> readUnchecked(shp.resolve(shapeName(x) + ".o"))).clone();
            if (!fullMode) rename(b, slotValues(i));
            writeBytesIfChanged(obj.resolve(objName(i) + ".o"), b);
            objs.add(objName(i));
        }
        byte[] ub = Files.readAllBytes(shp.resolve("unused.o"));
        for (int u = 0; u < unused; u++) {
            writeBytesIfChanged(obj.resolve(unusedName(u) + ".o"), rename(ub.clone(), new int[] {u}));
            objs.add(unusedName(u));
        }
        writeBytesIfChanged(obj.resolve("main.o"), Files.readAllBytes(shp.resolve("main.o")));
        objs.add("main");
        deleteStale(obj, "*.o", objs);

        // Archives: contiguous chunks of [firstArchived, count), unused members spread over them.
        List<Path> libs = new ArrayList<>();
        for (int a = 0; a < archives; a++) {
            List<String> members = new ArrayList<>();
            int lo = firstArchived + (count - firstArchived) * a / archives;
            int hi = firstArchived + (count - firstArchived) * (a + 1) / archives;
            for (int i = lo; i < hi; i++) members.add(objName(i) + ".o");
            for (int u = a; u < unused; u += archives) members.add(unusedName(u) + ".o");
            Path libPath = lib.resolve("libbench" + a + ".a");
            libs.add(libPath);
            Files.deleteIfExists(libPath);
            List<String> cmd = new ArrayList<>(List.of(ar, "rcs", libPath.toString()));
            cmd.addAll(members);
            exec(cmd, obj);
        }
        try (var ds = Files.newDirectoryStream(lib, "*.a")) {
            for (Path p : ds) if (!libs.contains(p)) Files.delete(p);
        }

        // Response file: main first, then loose objects, then archives.
        StringBuilder r = new StringBuilder();
        List<Path> inputs = new ArrayList<>();
        inputs.add(obj.resolve("main.o"));
        for (int i = 0; i < firstArchived; i++) inputs.add(obj.resolve(objName(i) + ".o"));
        inputs.addAll(libs);
        for (Path p : inputs) r.append(p).append('\n');
        Files.writeString(rsp, r.toString());

        long objBytes = 0, libBytes = 0;
        for (int i = 0; i <= firstArchived; i++) objBytes += Files.size(inputs.get(i));
        for (Path p : libs) libBytes += Files.size(p);
        String info = "objects " + (count + 1) + " (main + " + count + ": loose " + firstArchived + ", archived "
                + (count - firstArchived) + "; plus " + unused + " never-loaded archive members)\n"
                + "shapes " + shapes + (fullMode ? " (every object compiled)" : "") + "\n"
                + "archives " + archives + "\n"
                + "loose_object_bytes " + objBytes + "\n"
                + "archive_bytes " + libBytes + "\n"
                + "total_input_bytes " + (objBytes + libBytes) + "\n"
                + "debug " + debug + "\n";
        Files.writeString(out.resolve("info.txt"), info);
        Files.writeString(stamp, params() + "\n");
        System.err.printf("gen-large: done in %.1f s (compile %.1f s)%n%s", (System.nanoTime() - t0) / 1e9,
                (t1 - t0) / 1e9, info);
    }

    static byte[] readUnchecked(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeBytesIfChanged(Path p, byte[] b) throws IOException {
        if (Files.exists(p) && Files.size(p) == b.length && Arrays.equals(Files.readAllBytes(p), b)) return;
        Files.write(p, b);
    }

    static void deleteStale(Path dir, String glob, Set<String> keep) throws IOException {
        try (var ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) if (!keep.contains(stem(p))) Files.delete(p);
        }
    }

    static String stem(Path p) {
        String f = p.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot < 0 ? f : f.substring(0, dot);
    }

    void compile(Path src, Path dir, List<String> units, boolean functionSections) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(clang, "--target=x86_64-w64-windows-gnu", "-std=c++17", "-O1",
                "-fno-exceptions", "-fno-rtti", "-fno-threadsafe-statics", "-w", "-c"));
        if (functionSections) cmd.addAll(List.of("-ffunction-sections", "-fdata-sections"));
        if (debug) cmd.add("-g");
        for (String u : units) cmd.add(src.resolve(u + ".cpp").toString());
        exec(cmd, dir); // clang -c with several inputs writes NAME.o into the working directory
    }

    static void exec(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc != 0) throw new IOException(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 12))) + " ... failed ("
                + rc + "):\n" + output);
    }
}
