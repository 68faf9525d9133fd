package dev.jwin.cc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resources end to end under Wine: {@code jwin cc prog.c prog.rc} against the same program built from
 * llvm-rc-14's {@code .res} and linked by lld-link-14; LoadStringW, version information and FindResourceW
 * must answer the same.
 */
class ResourceE2eTest {
  @TempDir Path dir;

  private static final String PROGRAM = """
      #define UNICODE
      #include <windows.h>
      #include <stdio.h>

      static void str(UINT id) {
        WCHAR buf[128];
        int n = LoadStringW(GetModuleHandleW(NULL), id, buf, 128);
        printf("string %u: %d:", id, n);
        for (int i = 0; i < n; i++) printf(" %04x", buf[i]);
        printf("\\n");
      }

      static void res(LPCWSTR name, LPCWSTR type, const char *what) {
        HRSRC r = FindResourceW(NULL, name, type);
        if (!r) { printf("%s: not found\\n", what); return; }
        DWORD size = SizeofResource(NULL, r);
        const unsigned char *p = LockResource(LoadResource(NULL, r));
        printf("%s: %lu bytes, first %02x %02x %02x %02x\\n", what, size, p[0], p[1], p[2], p[3]);
      }

      int main(void) {
        str(101); str(102); str(103); str(200);
        WCHAR self[MAX_PATH];
        GetModuleFileNameW(NULL, self, MAX_PATH);
        DWORD handle, size = GetFileVersionInfoSizeW(self, &handle);
        printf("version info size %lu\\n", size);
        void *info = malloc(size);
        if (!GetFileVersionInfoW(self, 0, size, info)) { printf("GetFileVersionInfoW failed\\n"); return 1; }
        VS_FIXEDFILEINFO *fixed; UINT len;
        if (VerQueryValueW(info, L"\\\\", (void **)&fixed, &len))
          printf("fixed %08lx %08lx %08lx %08lx flags %lx os %lx type %lx\\n", fixed->dwFileVersionMS, fixed->dwFileVersionLS,
                 fixed->dwProductVersionMS, fixed->dwProductVersionLS, fixed->dwFileFlags, fixed->dwFileOS, fixed->dwFileType);
        const WCHAR *keys[] = {L"CompanyName", L"FileDescription", L"ProductVersion"};
        for (int k = 0; k < 3; k++) {
          WCHAR path[128]; WCHAR *v;
          swprintf(path, 128, L"\\\\StringFileInfo\\\\040904b0\\\\%ls", keys[k]);
          if (VerQueryValueW(info, path, (void **)&v, &len)) {
            printf("value %d (%u):", k, len);
            for (UINT i = 0; i < len && v[i]; i++) printf(" %c", (char)v[i]);
            printf("\\n");
          } else printf("value %d missing\\n", k);
        }
        DWORD *tr;
        if (VerQueryValueW(info, L"\\\\VarFileInfo\\\\Translation", (void **)&tr, &len)) printf("translation %08lx\\n", *tr);
        res(MAKEINTRESOURCEW(1), RT_GROUP_ICON, "group icon");
        res(MAKEINTRESOURCEW(1), RT_ICON, "icon 1");
        res(MAKEINTRESOURCEW(2), RT_ICON, "icon 2");
        res(MAKEINTRESOURCEW(1), RT_MANIFEST, "manifest");
        res(L"CONFIG", RT_RCDATA, "named rcdata");
        printf("icon loaded: %d\\n", LoadIconW(GetModuleHandleW(NULL), MAKEINTRESOURCEW(1)) != NULL);
        return 0;
      }
      """;

  private static final String SCRIPT = """
      #include <windows.h>
      #include "ids.h"
      LANGUAGE LANG_ENGLISH, SUBLANG_ENGLISH_US
      1 ICON "app.ico"
      CREATEPROCESS_MANIFEST_RESOURCE_ID RT_MANIFEST "prog.manifest"
      CONFIG RCDATA { "key=value", 0 }
      STRINGTABLE
      BEGIN
        IDS_HELLO "Hello from the string table"
        IDS_WIDE L"wide \\x263A string"
        IDS_OTHER "other"
        200 "bundle 13"
      END
      VS_VERSION_INFO VERSIONINFO
       FILEVERSION 1,2,3,4
       PRODUCTVERSION 5,6,7,8
       FILEFLAGSMASK VS_FFI_FILEFLAGSMASK
       FILEFLAGS VS_FF_PRERELEASE
       FILEOS VOS_NT_WINDOWS32
       FILETYPE VFT_APP
      BEGIN
        BLOCK "StringFileInfo"
        BEGIN
          BLOCK "040904b0"
          BEGIN
            VALUE "CompanyName", "jwin"
            VALUE "FileDescription", "resource test program"
            VALUE "ProductVersion", "5.6.7.8"
          END
        END
        BLOCK "VarFileInfo"
        BEGIN
          VALUE "Translation", 0x409, 1200
        END
      END
      """;

  @Test
  void resourcesAnswerAsWithLlvmRcAndLldLink() throws Exception {
    Files.writeString(dir.resolve("prog.c"), PROGRAM);
    Files.writeString(dir.resolve("prog.rc"), SCRIPT);
    Files.writeString(dir.resolve("ids.h"), "#define IDS_HELLO 101\n#define IDS_WIDE 102\n#define IDS_OTHER 103\n");
    Files.writeString(dir.resolve("prog.manifest"), """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
          <assemblyIdentity version="1.0.0.0" name="jwin.test.prog" type="win32"/>
        </assembly>
        """);
    Files.copy(Path.of("src/test/resources/rc/handmade/app.ico"), dir.resolve("app.ico"));
    Map<String, String> env = new HashMap<>(Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(), "PATH", System.getenv("PATH")));

    cc(env, "prog.c", "prog.rc", "-lversion", "-o", "jwin.exe");

    // Reference: llvm-rc-14 on clang-14's preprocessed script, linked by lld-link-14.
    String pre = exec(List.of("clang-14", "--target=x86_64-w64-mingw32", "-E", "-xc", "-DRC_INVOKED", "prog.rc"));
    Files.writeString(dir.resolve("prog.i"), pre);
    exec(List.of("llvm-rc-14", "-no-preprocess", "/fo", "prog.res", "prog.i"));
    cc(env, "prog.c", "prog.res", "-lversion", "-fuse-ld=lld", "-o", "ref.exe");

    String ours = CcE2eTest.run(dir.resolve("jwin.exe")), theirs = CcE2eTest.run(dir.resolve("ref.exe"));
    assertThat(ours).isEqualTo(theirs);
    assertThat(ours).contains("exit 0", "string 101: 27:", "fixed 00010002 00030004 00050006 00070008",
        "value 1 (22): r e s o u r c e", "translation 04b00409", "group icon: 34 bytes", "manifest:", "icon loaded: 1");
    assertThat(readobj(dir.resolve("jwin.exe"))).isEqualTo(readobj(dir.resolve("ref.exe")));
  }

  @Test
  void rebuildNoticesChangedIconsAndHeaders() throws Exception {
    Files.writeString(dir.resolve("prog.c"), "int main(void) { return 0; }\n");
    Files.writeString(dir.resolve("prog.rc"), "#include \"ids.h\"\nDATA RCDATA \"data.bin\"\nSTRINGTABLE { IDS_X \"x\" }\n");
    Files.writeString(dir.resolve("ids.h"), "#define IDS_X 1\n");
    Files.writeString(dir.resolve("data.bin"), "first");
    Map<String, String> env = new HashMap<>(Map.of("JWIN_CACHE_DIR", dir.resolve("cache").toString(), "PATH", System.getenv("PATH")));
    cc(env, "prog.c", "prog.rc", "-o", "p.exe");
    assertThat(readobj(dir.resolve("p.exe"))).contains("|first|", "Name: (ID 1)");
    Files.writeString(dir.resolve("data.bin"), "second");
    cc(env, "prog.c", "prog.rc", "-o", "p.exe");
    assertThat(readobj(dir.resolve("p.exe"))).contains("|second|");
    Files.writeString(dir.resolve("ids.h"), "#define IDS_X 40\n");
    cc(env, "prog.c", "prog.rc", "-o", "p.exe");
    assertThat(readobj(dir.resolve("p.exe"))).contains("Name: (ID 3)"); // string 40 is in bundle 3
  }

  private String readobj(Path exe) throws Exception {
    String out = exec(List.of("llvm-readobj-14", "--coff-resources", exe.toString()));
    return out.lines().filter(l -> !l.startsWith("File:") && !l.contains("DataRVA")).reduce("", (a, b) -> a + b + "\n");
  }

  private void cc(Map<String, String> env, String... args) {
    List<String> a = new ArrayList<>();
    for (String s : args) a.add(s.endsWith(".c") || s.endsWith(".rc") || s.endsWith(".res") || s.endsWith(".exe") ? dir.resolve(s).toString() : s);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = CcDriver.main(a.toArray(String[]::new), false, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), env);
    assertThat(rc).as("jwin cc %s\n%s", a, err.toString(StandardCharsets.UTF_8)).isZero();
  }

  private String exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    return out;
  }
}
