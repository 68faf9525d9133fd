// Calls dll.c through the import library its link wrote: a thunk call and a data import.
__declspec(dllimport) void __stdcall ExitProcess(unsigned code);
int twice(int x);
__declspec(dllimport) extern int dll_value;

void start(void) {
  ExitProcess(twice(dll_value));
}
