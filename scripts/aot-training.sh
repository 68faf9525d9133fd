# Sourced by ./jwin after a build: prepares the inputs of the AOT-cache training runs in "$tmp" and sets the
# arrays `train` (for the cache of every command) and `train_link` (for the cache of `jwin link`, which then
# preloads only what links use) to commands for `jwin --run-each`, which exercise what real runs load and link. A link's
# classes are what matters (with C1-only compilation no profile is used), so the links are small but cover the
# paths: x86-64, i686 and ARM64 executables, a DLL with exports, an import library, resources, DWARF symbol
# tables, many objects read and written in parallel, and `jwin cc` with its no-op rebuild. Without clang-14 only
# the links of jwin-made inputs run; without mingw-w64 there is no `jwin cc` step: the cache is smaller, not missing.
train=(--version)
_jt_clang=${JWIN_CLANG:-clang-14}
_jt_m=/usr/x86_64-w64-mingw32/lib # mingw-w64's prebuilt runtime
aot_tools= # what the training had, for scripts/aot-stale.sh
if command -v "$_jt_clang" >/dev/null 2>&1; then aot_tools="clang"; fi
[ ! -f "$_jt_m/crt2.o" ] || aot_tools="$aot_tools mingw"
printf 'LIBRARY kernel32.dll\nEXPORTS\nExitProcess\nGetTickCount\n' >"$tmp/k.def"
printf '1 RCDATA { "jwin" }\n' >"$tmp/r.rc"
train+=(";" dlltool -d "$tmp/k.def" -l "$tmp/libk.a" -m i386:x86-64 ";" rc -fo "$tmp/r.res" "$tmp/r.rc")
links=(link -machine:x64 -dll -noentry -out:"$tmp/r.dll" "$tmp/r.res" "$tmp/libk.a" -include:__imp_ExitProcess)
if command -v "$_jt_clang" >/dev/null 2>&1; then
  cat >"$tmp/t.c" <<'EOT'
__declspec(dllimport) void __stdcall ExitProcess(unsigned);
unsigned __stdcall GetTickCount(void);
static int table[64];
static int *ptrs[] = {&table[1], &table[2]};
int counter, common_var[4];
__declspec(dllexport) int twice(int x) { return 2 * x + *ptrs[0]; }
__declspec(thread) int tls_var = 3;
void start(void) { ExitProcess((unsigned) twice(counter) + GetTickCount() + tls_var); }
EOT
  cat >"$tmp/p.c" <<'EOT'
static const char *names[] = {"a", "b", "c"};
static int f(int i) { return names[i % 3][0]; }
__attribute__((used)) static int (*const fp)(int) = f;
__declspec(selectany) int shared_value = 1;
EOT
  cat >"$tmp/s.c" <<'EOT'
int start(void) { return 0; }
EOT
  _jt_ok=1
  for _jt in x86_64 i686 aarch64; do
    "$_jt_clang" --target=$_jt-w64-windows-gnu -O1 -g -c "$tmp/t.c" -o "$tmp/t-$_jt.o" 2>/dev/null &&
      "$_jt_clang" --target=$_jt-w64-windows-gnu -O1 -c "$tmp/p.c" -o "$tmp/p-$_jt.o" 2>/dev/null || _jt_ok=
  done
  "$_jt_clang" --target=x86_64-w64-windows-gnu -O1 -c "$tmp/s.c" -o "$tmp/s.o" 2>/dev/null || _jt_ok=
  if [ -n "$_jt_ok" ]; then
    # Many objects: the parallel reads, binning and writes of a large link.
    : >"$tmp/many.rsp"
    for _jt in $(seq 1 400); do cp "$tmp/p-x86_64.o" "$tmp/p$_jt.o"; echo "$tmp/p$_jt.o" >>"$tmp/many.rsp"; done
    train+=(";" dlltool -d "$tmp/k.def" -l "$tmp/libk32.a" -m i386 -k ";" dlltool -d "$tmp/k.def" -l "$tmp/libka.a" -m arm64)
    links+=(";" link -lldmingw -debug:dwarf -entry:start -subsystem:console -out:"$tmp/t64.exe" "$tmp/t-x86_64.o"
        "$tmp/libk.a" @"$tmp/many.rsp"
      ";" link -dll -entry:start -out:"$tmp/t64.dll" -implib:"$tmp/t64.lib" "$tmp/t-x86_64.o" "$tmp/p-x86_64.o" "$tmp/libk.a"
      ";" link -lldmingw -entry:start -subsystem:console -out:"$tmp/t32.exe" "$tmp/t-i686.o" "$tmp/p-i686.o" "$tmp/libk32.a"
        -alternatename:_ExitProcess@4=_ExitProcess -alternatename:_GetTickCount@0=_GetTickCount
        -alternatename:__imp__ExitProcess@4=__imp__ExitProcess -alternatename:__imp__GetTickCount@0=__imp__GetTickCount
      ";" link -lldmingw -entry:start -subsystem:console -out:"$tmp/ta.exe" "$tmp/t-aarch64.o" "$tmp/p-aarch64.o" "$tmp/libka.a"
      ";" link -entry:start -subsystem:console -release -brepro -out:"$tmp/s.exe" "$tmp/s.o")
    # A C program linked as clang's mingw driver links it, against mingw-w64's own runtime and GNU import
    # libraries: what most real links read, sort and write (archives with many members wanted at once).
    _jt_g=$(for _jt in /usr/lib/gcc/x86_64-w64-mingw32/*-win32/libgcc.a; do echo "${_jt%/*}"; done | tail -n 1)
    if [ -f "$_jt_m/crt2.o" ] && [ -n "$_jt_g" ] &&
        "$_jt_clang" --target=x86_64-w64-windows-gnu -O1 -c "$root/examples/hello.c" -o "$tmp/hello.o" 2>/dev/null; then
      links+=(";" link -lldmingw -out:"$tmp/hello.exe" -debug:dwarf -opt:noref -demangle -auto-import -runtime-pseudo-reloc
        -machine:x64 -alternatename:__image_base__=__ImageBase "$_jt_m/crt2.o" "$_jt_m/crtbegin.o" "$tmp/hello.o"
        "$_jt_m/libmingw32.a" "$_jt_g/libgcc.a" "$_jt_g/libgcc_eh.a" "$_jt_m/libmoldname.a" "$_jt_m/libmingwex.a"
        "$_jt_m/libmsvcrt.a" "$_jt_m/libadvapi32.a" "$_jt_m/libshell32.a" "$_jt_m/libuser32.a" "$_jt_m/libkernel32.a"
        "$_jt_m/crtend.o")
    fi
  fi
fi
train+=(";" "${links[@]}")
train_link=("${links[@]}")
# Only with a prebuilt mingw-w64: otherwise the training compile would build jwin's runtime from source.
if [ -f "$_jt_m/crt2.o" ]; then
  train+=(";" cc "$root/examples/hello.c" -o "$tmp/hello.exe" ";" cc "$root/examples/hello.c" -o "$tmp/hello.exe")
fi
unset _jt _jt_ok _jt_clang _jt_m _jt_g links
