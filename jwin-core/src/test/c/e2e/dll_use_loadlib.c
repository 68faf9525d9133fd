// Loads e2edll.dll (dll_lib.c, linked with dll_lib.def) at run time and looks its exports up with
// GetProcAddress by name and by ordinal, including dll_secret, which has no name.
// expect-exit: 0
#include <stdio.h>
#include <windows.h>

typedef int (*add_fn)(int, int);
typedef int (*bump_fn)(int);
typedef const char *(*describe_fn)(void);
typedef int (*secret_fn)(void);

static FARPROC by_ordinal(HMODULE dll, int ordinal) {
  return GetProcAddress(dll, (LPCSTR)(ULONG_PTR)ordinal);
}

int main(void) {
  printf("main: start\n");
  fflush(stdout);
  HMODULE dll = LoadLibraryA("e2edll.dll");
  if (!dll) {
    printf("LoadLibrary failed: %lu\n", GetLastError());
    return 1;
  }
  printf("main: loaded\n");
  add_fn add = (add_fn)GetProcAddress(dll, "dll_add");
  bump_fn bump = (bump_fn)GetProcAddress(dll, "dll_bump");
  describe_fn describe = (describe_fn)GetProcAddress(dll, "dll_describe");
  int *counter = (int *)GetProcAddress(dll, "dll_counter");
  const char *greeting = (const char *)GetProcAddress(dll, "dll_greeting");
  if (!add || !bump || !describe || !counter || !greeting) {
    printf("a name lookup failed\n");
    return 2;
  }
  printf("dll_add(20, 22) = %d\n", add(20, 22));
  printf("*dll_counter = %d\n", *counter);
  printf("dll_bump(5) = %d\n", bump(5));
  printf("dll_greeting = %s\n", greeting);
  printf("dll_describe() = %s\n", describe());

  printf("ordinal 3 is dll_add: %s\n", by_ordinal(dll, 3) == (FARPROC)add ? "yes" : "no");
  printf("ordinal 4 is dll_bump: %s\n", by_ordinal(dll, 4) == (FARPROC)bump ? "yes" : "no");
  printf("ordinal 7 is dll_counter: %s\n", by_ordinal(dll, 7) == (FARPROC)counter ? "yes" : "no");
  secret_fn secret = (secret_fn)by_ordinal(dll, 10);
  printf("ordinal 10 (no name): %d\n", secret ? secret() : -1);
  printf("dll_secret by name: %s\n", GetProcAddress(dll, "dll_secret") ? "found" : "not found");
  printf("dll_internal by name: %s\n", GetProcAddress(dll, "dll_internal") ? "found" : "not found");
  printf("ordinal 6 (unused): %s\n", by_ordinal(dll, 6) ? "found" : "not found");
  fflush(stdout);
  FreeLibrary(dll);
  printf("main: freed\n");
  fflush(stdout);
  return 0;
}
