// Calls stdcall_lib.c's exports through the import library the DLL link wrote.
// expect-exit: 42
#include <stdio.h>

__declspec(dllimport) int __stdcall add3(int a, int b, int c);
__declspec(dllimport) int __fastcall mul2(int a, int b);
__declspec(dllimport) int plain(int x);
__declspec(dllimport) extern int shared_value;

int main(void) {
  printf("add3=%d\n", add3(1, 2, 3));
  printf("mul2=%d\n", mul2(6, 7));
  printf("plain=%d\n", plain(5));
  printf("shared=%d\n", shared_value);
  return mul2(6, 7);
}
