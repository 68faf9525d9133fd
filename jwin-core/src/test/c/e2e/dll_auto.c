// A DLL without any __declspec(dllexport) and without a .def file: the mingw linker exports every
// eligible external definition automatically (functions, data, const data, a TLS variable) but not
// static functions, DllMain, anything from the mingw runtime, libgcc or the import libraries
// (__imp_ and _head_ symbols of libkernel32.a). lld-link 14 does not export auto_weak, a weak
// definition (a weak external aliasing .weak.auto_weak.default.*).
#include <windows.h>

int auto_data = 7;
int auto_bss;
const int auto_const = 99;
char auto_array[32] = "auto-exported array";
__thread int auto_tls = 3;

static int auto_static(int x) {
  return x * 2 + auto_bss;
}

int auto_func(int x) {
  return x + auto_data;
}

int auto_calls_static(int x) {
  return auto_static(x) + auto_tls;
}

__attribute__((weak)) int auto_weak(void) {
  return 1;
}

int (*auto_fnptr)(int) = auto_func;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}
