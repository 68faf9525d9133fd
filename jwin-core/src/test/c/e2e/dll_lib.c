// The DLL of the DLL tests (DllE2eTest): functions and data exported with __declspec(dllexport)
// and a DllMain that reports attach and detach. dll_internal is not exported.
// Compiled a second time with -DEXPORT= (no dllexport at all) for linking with dll_lib.def, which
// gives explicit ordinals and exports dll_secret by ordinal only (NONAME).
#include <stdio.h>
#include <windows.h>

#ifndef EXPORT
#define EXPORT __declspec(dllexport)
#endif

EXPORT int dll_counter = 40;
EXPORT const char dll_greeting[] = "hello from the DLL";

static int attached;

EXPORT int dll_add(int a, int b) {
  return a + b;
}

EXPORT int dll_bump(int by) {
  dll_counter += by;
  return dll_counter;
}

EXPORT const char *dll_describe(void) {
  static char buf[64];
  snprintf(buf, sizeof buf, "%s (counter %d, attached %d)", dll_greeting, dll_counter, attached);
  return buf;
}

EXPORT int dll_secret(void) {
  return 1234 + dll_counter;
}

int dll_internal(int x) {
  return x * 3;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) {
    attached++;
    printf("dll: attach (%s)\n", reserved ? "static" : "dynamic");
    fflush(stdout);
  } else if (reason == DLL_PROCESS_DETACH) {
    printf("dll: detach (counter %d)\n", dll_counter);
    fflush(stdout);
  }
  return TRUE;
}
