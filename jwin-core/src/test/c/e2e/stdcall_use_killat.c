// Calls stdcall_lib.c's stdcall and cdecl exports through the import library of the DLL linked with
// -kill-at, which names "add3" where this object asks for "__imp__add3@12": mingw's stdcall fixup links
// the one to the other (lld-link warns "Resolving __imp__add3@12 by linking to __imp__add3").
// expect-exit: 16
#include <stdio.h>

__declspec(dllimport) int __stdcall add3(int a, int b, int c);
__declspec(dllimport) int plain(int x);
__declspec(dllimport) extern int shared_value;

int main(void) {
  printf("add3=%d\n", add3(1, 2, 3));
  printf("plain=%d\n", plain(5));
  printf("shared=%d\n", shared_value);
  return add3(4, 5, 7);
}
