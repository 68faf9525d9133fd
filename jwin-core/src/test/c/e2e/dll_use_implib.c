// Linked against e2edll.dll (dll_lib.c) through an import library: calls its functions, reads and
// writes its data, and calls dll_secret, which the DLL exports by ordinal only.
// expect-exit: 0
#include <stdio.h>

int dll_add(int a, int b);
int dll_bump(int by);
const char *dll_describe(void);
int dll_secret(void);
__declspec(dllimport) extern int dll_counter;
__declspec(dllimport) extern const char dll_greeting[];

int main(void) {
  printf("main: start\n");
  printf("dll_add(2, 3) = %d\n", dll_add(2, 3));
  printf("dll_counter = %d\n", dll_counter);
  printf("dll_bump(2) = %d\n", dll_bump(2));
  dll_counter += 100;
  printf("dll_counter = %d after += 100\n", dll_counter);
  printf("dll_greeting = %s\n", dll_greeting);
  printf("dll_describe() = %s\n", dll_describe());
  printf("dll_secret() = %d\n", dll_secret());
  printf("main: end\n");
  fflush(stdout);
  return 0;
}
