// Calls stdcall_lib.c's functions with the DLL delay-loaded (-delayload:stdcalldll.dll, i386): the DLL is
// loaded by mingw-w64's ___delayLoadHelper2@8 at the first call.
// expect-exit: 0
#include <stdio.h>
#include <windows.h>

__declspec(dllimport) int __stdcall add3(int a, int b, int c);
__declspec(dllimport) int __fastcall mul2(int a, int b);
__declspec(dllimport) int plain(int x);

int main(void) {
  printf("before: %s\n", GetModuleHandleA("stdcalldll.dll") ? "loaded" : "not loaded");
  printf("add3=%d\n", add3(1, 2, 3));
  printf("after: %s\n", GetModuleHandleA("stdcalldll.dll") ? "loaded" : "not loaded");
  printf("mul2=%d\n", mul2(6, 7));
  printf("plain=%d\n", plain(5));
  return 0;
}
