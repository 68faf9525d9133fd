// A runtime-free ARM DLL (-noentry): a function and a variable exported with dllexport.
__declspec(dllexport) int dll_value = 40;

__declspec(dllexport) int twice(int x) {
  return 2 * x + dll_value;
}
