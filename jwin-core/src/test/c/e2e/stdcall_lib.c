// The DLL of I686E2eTest's stdcall tests: stdcall, fastcall and cdecl functions and a variable,
// exported through stdcall_lib.def (mingw's spelling: "add3@12", no leading underscore).
int __stdcall add3(int a, int b, int c) {
  return a + b + c;
}

int __fastcall mul2(int a, int b) {
  return a * b;
}

int plain(int x) {
  return x + 100;
}

int shared_value = 7;
