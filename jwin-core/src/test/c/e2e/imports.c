// Functions called through __declspec(dllimport), and data exported by msvcrt.dll
// used without dllimport so that auto-import and runtime pseudo relocations are needed.
// Deliberately does not include <stdlib.h>, whose declarations are dllimport macros.
// (_fmode and _commode would not do: libmingw32.a defines its own copies.)
// e2e-args: x y
// expect-exit: 77
#include <stdio.h>

typedef unsigned long DWORD;
__declspec(dllimport) DWORD __stdcall GetCurrentProcessId(void);
__declspec(dllimport) DWORD __stdcall GetTickCount(void);
__declspec(dllimport) int __stdcall lstrlenA(const char *s);
__declspec(dllimport) char ***__cdecl __p___argv(void);
__declspec(dllimport) int __cdecl ___mb_cur_max_func(void);
__declspec(dllimport) char *__cdecl _strdup(const char *s);
__declspec(dllimport) void __cdecl free(void *p);

/* Data exports of msvcrt.dll, declared without dllimport: auto-imported. */
extern int __mb_cur_max;
extern int __argc;
extern char **__argv;

/* Pointers to auto-imported data in initialised data: pseudo relocations in .data. */
int *argc_ptr = &__argc;
char ***argv_ptr = &__argv;

int main(int argc, char **argv) {
  printf("pid nonzero: %d\n", GetCurrentProcessId() != 0);
  DWORD t1 = GetTickCount();
  DWORD t2 = GetTickCount();
  printf("tick monotonic: %d\n", t2 - t1 < 100000);
  printf("lstrlenA: %d\n", lstrlenA("kernel32"));
  char *dup = _strdup("duplicated");
  printf("_strdup: %s\n", dup);
  free(dup);

  printf("mb_cur_max=%d func=%d\n", __mb_cur_max, ___mb_cur_max_func());
  printf("__argc=%d via pointer=%d main argc=%d\n", __argc, *argc_ptr, argc);
  printf("__argv same as argv: %d, __argv[1]=%s\n", __argv == argv, __argv[1]);
  char ***real = __p___argv();
  printf("__argv same address: %d %d\n", &__argv == real, argv_ptr == real);
  char *fake[] = {"fake0", "fake1", 0};
  __argv = fake;
  printf("__argv written through auto-import: %s\n", (*real)[1]);
  *argv_ptr = argv;
  printf("__argv restored through data pointer: %s\n", __argv[2]);
  return 77;
}
