package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-file C project built by its own Makefile with {@code CC=jwin-cc}: Lua 5.4 from Debian's
 * {@code lua5.4} source package ({@code scripts/get-source}), {@code make mingw}, which makes {@code lua54.dll}
 * (with {@code $(CC) -shared}), {@code lua.exe} linked straight against the DLL, and {@code luac.exe} against
 * a static {@code liblua.a}. The same build with {@code -fuse-ld=lld} must behave the same under Wine.
 */
class LuaMakeE2eTest {
  @TempDir Path dir;

  static final String SCRIPT = """
      print(_VERSION)
      local t = {}
      for i = 1, 10 do t[#t+1] = i * i end
      print(table.concat(t, ","))
      table.sort(t, function(a, b) return a > b end)
      print(t[1], t[10], #t, table.unpack({1, 2, 3}, 2))
      table.insert(t, 1, 0); print(table.remove(t), #t, t[1])
      print(string.format("%5.2f|%d|%s|%q|%x", math.pi, 42, "x", "a\\nb", 255))
      print(("hello world"):upper(), ("abc"):rep(3, "-"), ("hello"):find("ll"), ("abc"):byte(2))
      print(string.gsub("one two three", "(%w+)", "<%1>"))
      for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do io.write(k, v, ";") end print()
      print(math.floor(-3.5), math.max(1, 9, 4), math.sqrt(144), 7 // 2, 7 % 3, 2^10, math.tointeger(3.0))
      print(math.type(1), math.type(1.0), math.maxinteger, math.huge, -math.huge, 1e300 * 1e10 == math.huge)
      print(string.format("%.14g", math.sin(1)), string.format("%.3f", math.exp(1)), tostring(0.1))
      print(utf8.char(72, 228, 8364), utf8.len("h\\u{e4}ll\\u{20ac}"), #string.pack("i4i8", 1, 2))
      local f = assert(io.open("lua-io-test.txt", "w"))
      f:write("line one\\n", "line two\\n", 123, "\\n")
      f:close()
      local n = 0
      for line in io.lines("lua-io-test.txt") do n = n + 1; io.write(n, ": ", line, "\\n") end
      f = assert(io.open("lua-io-test.txt", "r")); print(f:seek("end"), f:read("a") == ""); f:close() -- 25: text mode writes CRLF
      print(os.remove("lua-io-test.txt"), io.open("lua-io-test.txt") == nil)
      local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return b * 2 end)
      print(co(1), co(10))
      print(select("#", pcall(error, {code = 7})), select(2, pcall(error, "boom", 0)))
      print(load("return 1 + 2")(), #arg, type(os.time()), os.getenv("NO_SUCH_VARIABLE_HOPEFULLY"))
      local s = 0; for i = 1, 100000 do s = s + i % 7 end; print(s)
      """;

  static final String EXPECTED = """
      Lua 5.4
      1,4,9,16,25,36,49,64,81,100
      100\t1\t10\t2\t3
      1\t10\t0
       3.14|42|x|"a\\
      b"|ff
      HELLO WORLD\tabc-abc-abc\t3\t98
      <one> <two> <three>\t3
      a1;b2;
      -4\t9\t12.0\t3\t1\t1024.0\t3
      integer\tfloat\t9223372036854775807\tinf\t-inf\ttrue
      0.8414709848079\t2.718\t0.1
      H\u00e4\u20ac\t5\t12
      1: line one
      2: line two
      3: 123
      25\ttrue
      true\ttrue
      2\t20
      2\tboom
      3\t0\tnumber\tnil
      300000
      """;

  @Test
  void luaMakefileBuildRunsUnderWine() throws Exception {
    JwinInstall.requireTools("make", "tar", "strip", "clang-14", "lld-link-14", "llvm-ar-14", "llvm-ranlib-14",
        "wine");
    JwinInstall jwin = JwinInstall.create(dir.resolve("jwin"));
    Path tarball = luaSources(jwin);

    String jwinOut = buildAndRun(jwin, tarball, "lua-jwin", jwin.root.resolve("jwin-cc").toString());
    assertThat(jwinOut).isEqualTo(EXPECTED);
    // Same objects (the compile cache is shared), linked by lld-link: the programs must agree.
    String lldOut = buildAndRun(jwin, tarball, "lua-lld", jwin.root.resolve("jwin-cc") + " -fuse-ld=lld");
    assertThat(lldOut).isEqualTo(jwinOut);
  }

  /** The orig tarball of Debian's lua5.4, downloaded into jwin's source cache on first use. */
  static Path luaSources(JwinInstall jwin) throws Exception {
    Path script = JwinInstall.checkout().resolve("scripts/get-source");
    JwinInstall.Result r = jwin.run(JwinInstall.checkout(), Duration.ofMinutes(3), List.of(script.toString(), "lua5.4"));
    String[] lines = r.output().strip().split("\n");
    Path tarball = Path.of(lines[lines.length - 1].strip());
    if (r.exitCode() != 0 || !Files.isRegularFile(tarball))
      throw new AssertionError("cannot get the Lua sources (scripts/get-source lua5.4 needs apt and network on first "
          + "use; run scripts/setup):\n" + r.output());
    return tarball;
  }

  /** Unpacks Lua into {@code name}, runs its Makefile's mingw target with {@code cc}, runs the script; returns its output. */
  private String buildAndRun(JwinInstall jwin, Path tarball, String name, String cc) throws Exception {
    Path tree = dir.resolve(name);
    Files.createDirectories(tree);
    jwin.runOk(tree, Duration.ofMinutes(1), "tar", "xzf", tarball.toString(), "--strip-components=1");
    Path src = tree.resolve("src");
    jwin.runOk(src, Duration.ofMinutes(5), "make", "-j2", "CC=" + cc, "AR=llvm-ar-14 rcu", "RANLIB=llvm-ranlib-14",
        "mingw");
    for (String f : List.of("lua54.dll", "lua.exe", "luac.exe")) assertThat(src.resolve(f)).isNotEmptyFile();
    Files.writeString(src.resolve("script.lua"), SCRIPT);
    String out = wine(jwin, src, "lua.exe", "script.lua");
    // luac.exe (static liblua.a) compiles the script; lua.exe (lua54.dll) runs the bytecode.
    jwin.runOk(src, Duration.ofMinutes(1), "wine", "luac.exe", "-o", "script.luac", "script.lua");
    assertThat(wine(jwin, src, "lua.exe", "script.luac")).as("bytecode from luac.exe").isEqualTo(out);
    return out;
  }

  private static String wine(JwinInstall jwin, Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("wine"));
    cmd.addAll(List.of(args));
    return jwin.run(dir, Duration.ofMinutes(1), cmd).ok(cmd).output();
  }
}
