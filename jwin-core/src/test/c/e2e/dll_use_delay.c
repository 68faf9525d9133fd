// Linked against e2edll.dll (dll_lib.c, .def variant) with -delayload:e2edll.dll: the DLL is loaded only
// when the first of its functions is called (its DllMain then reports a dynamic attach), through
// mingw-w64's __delayLoadHelper2; dll_secret is delay-imported by ordinal only.
// expect-exit: 0
#include <stdio.h>
#include <windows.h>

int dll_add(int a, int b);
const char *dll_describe(void);
int dll_secret(void);

static int (*add_fn)(int, int) = dll_add;

static const char *loaded(void) {
  return GetModuleHandleA("e2edll.dll") ? "loaded" : "not loaded";
}

int main(int argc, char **argv) {
  (void)argv;
  printf("main: start, e2edll.dll %s\n", loaded());
  fflush(stdout);
  if (argc > 5) printf("never: %d\n", dll_secret());
  printf("main: e2edll.dll still %s\n", loaded());
  fflush(stdout);
  printf("dll_add(2, 3) = %d\n", dll_add(2, 3));
  printf("main: e2edll.dll %s\n", loaded());
  printf("dll_add again through a pointer: %d\n", add_fn(40, 2));
  printf("dll_describe() = %s\n", dll_describe());
  printf("dll_secret() = %d\n", dll_secret());
  printf("main: end\n");
  fflush(stdout);
  return 0;
}
